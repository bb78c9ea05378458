import "server-only";
import { PrismaLibSQL } from "@prisma/adapter-libsql";
import type { SqlDatabase, SqlRunner } from "@/lib/db-sql";
import { nextTurn } from "@/lib/loop-turns";

// SQLite's defaults (rollback journal, synchronous=FULL) fsync several times per write, and libsql
// runs statements on the event loop: on an ordinary disk each autocommit write blocked every stream
// for ~25 ms, so a hundred streams saving progress once a second stalled the whole process. WAL with
// synchronous=NORMAL syncs at checkpoints instead (~0.3 ms a write); a committed write survives a
// crash of the app, only a power loss or OS crash may lose the last ones (never corrupting the file).
//
// One connection for everything, transactions included. @libsql/client hands each transaction the
// connection in use and opens a new one for what follows; every new connection parses the schema
// (tables, FTS tables, triggers) again, lost its synchronous=NORMAL, and the abandoned ones kept their
// page caches until garbage collection: ~1 ms and a connection's memory per transaction. So Prisma's
// transactions and the raw statements of lib/db-sql.ts run on the one connection, in turns: a
// transaction holds it from BEGIN to COMMIT (`connectionLock`), and a statement outside one waits
// for that.
type LibSqlConfig = Parameters<PrismaLibSQL["createClient"]>[0];
type LibSqlClient = ReturnType<PrismaLibSQL["createClient"]>;
type LibSqlTransaction = Awaited<ReturnType<LibSqlClient["transaction"]>>;
type InStatement = Parameters<LibSqlTransaction["execute"]>[0];
type ResultSet = Awaited<ReturnType<LibSqlClient["execute"]>>;
type InArgs = Extract<InStatement, { args?: unknown }>["args"];

type RunStatement = (stmt: InStatement) => Promise<ResultSet>;

/** Serialises holders: each `hold` resolves once the previous holder released. */
function connectionLock(): () => Promise<() => void> {
  let tail: Promise<void> = Promise.resolve();
  return async () => {
    let release!: () => void;
    const previous = tail;
    tail = new Promise((resolve) => (release = resolve));
    await previous;
    return release;
  };
}

interface SharedConnection {
  client: LibSqlClient;
  /** A statement now, on the connection as it is (inside a transaction its holder is running). */
  run: RunStatement;
  hold: () => Promise<() => void>;
  /** WAL and synchronous=NORMAL are set: every statement waits for it. */
  ready: Promise<void>;
}

// libsql runs each statement on the event loop, and an awaited statement resumes its caller at once:
// a request's reads and writes ran as one uninterrupted piece (several ms), and under load many such
// pieces in a row held back every streaming reply. Each statement and transaction now waits for a
// turn of the loop of its own (lib/loop-turns.ts), so the loop relays tokens between them. Not the
// statements inside a transaction: it holds the connection, which every other statement waits for,
// so they go on at once.
function sharedConnection(client: LibSqlClient): SharedConnection {
  const run = client.execute.bind(client) as RunStatement;
  const hold = connectionLock();
  const ready = hold().then(async (release) => {
    try {
      for (const sql of ["PRAGMA journal_mode=WAL", "PRAGMA synchronous=NORMAL"]) await run(sql);
    } finally {
      release();
    }
  });
  // A failure reaches whoever waits for it (Prisma's connect, the first statement), not the process.
  ready.catch(() => undefined);
  const connection = { client, run, hold, ready };
  client.execute = (async (stmt: InStatement) => {
    await nextTurn();
    await ready;
    const release = await hold();
    try {
      return await run(stmt);
    } finally {
      release();
    }
  }) as LibSqlClient["execute"];
  client.transaction = async (mode = "deferred") => {
    await nextTurn();
    return openTransaction(connection, mode === "write" ? "BEGIN IMMEDIATE" : "BEGIN DEFERRED");
  };
  return connection;
}

async function openTransaction(
  { client, run, hold, ready }: SharedConnection,
  begin: "BEGIN IMMEDIATE" | "BEGIN DEFERRED",
): Promise<LibSqlTransaction> {
  await ready;
  const release = await hold();
  try {
    await run(begin);
  } catch (error) {
    release();
    throw error;
  }
  let open = true;
  const end = async (sql: "COMMIT" | "ROLLBACK") => {
    if (!open) return;
    open = false;
    try {
      await run(sql);
    } catch (error) {
      // A failed COMMIT must not leave the one connection inside the transaction.
      if (sql === "COMMIT") await run("ROLLBACK").catch(() => undefined);
      throw error;
    } finally {
      release();
    }
  };
  return {
    execute: (stmt) => run(stmt),
    batch: async (stmts) => {
      const results = [];
      for (const stmt of stmts) results.push(await run(stmt));
      return results;
    },
    executeMultiple: (sql) => client.executeMultiple(sql),
    commit: () => end("COMMIT"),
    rollback: () => end("ROLLBACK"),
    close: () => void end("ROLLBACK").catch(() => undefined),
    get closed() {
      return !open;
    },
  };
}

/** Raw statements on the shared connection (lib/db-sql.ts): the driver's rows, no Prisma on the way. */
export function libSqlStatements(connection: SharedConnection): SqlDatabase {
  const inTransaction = (tx: Pick<LibSqlTransaction, "execute">): SqlRunner => ({
    query: async <Row>(sql: string, values: readonly unknown[]) =>
      (await tx.execute({ sql, args: values as InArgs })).rows as unknown as Row[],
    execute: async (sql: string, values: readonly unknown[]) =>
      (await tx.execute({ sql, args: values as InArgs })).rowsAffected,
  });
  return {
    ...inTransaction(connection.client),
    async transaction(work) {
      const tx = await connection.client.transaction("write");
      try {
        const result = await work(inTransaction(tx));
        await tx.commit();
        return result;
      } catch (error) {
        await tx.rollback().catch(() => undefined);
        throw error;
      }
    },
  };
}

/** Prisma's libsql adapter on the shared connection; `connection` also serves the raw statements. */
export class TunedLibSql extends PrismaLibSQL {
  readonly connection: SharedConnection;
  private readonly url: string;

  constructor(config: LibSqlConfig) {
    super(config);
    this.url = config.url;
    this.connection = sharedConnection(super.createClient(config));
  }

  // Prisma's adapter asks for its client here; a shadow database (migrations) gets one of its own.
  override createClient(config: LibSqlConfig): LibSqlClient {
    return config.url === this.url ? this.connection.client : super.createClient(config);
  }

  override async connect(): ReturnType<PrismaLibSQL["connect"]> {
    await this.connection.ready;
    return super.connect();
  }
}
