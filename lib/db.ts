import "server-only";
import { PrismaLibSQL } from "@prisma/adapter-libsql";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient as SqliteClient } from "@/lib/generated/prisma-sqlite/client";
import { PrismaClient as PostgresClient } from "@/lib/generated/prisma-postgres/client";
import { env } from "@/lib/env";
import { nextTurn } from "@/lib/loop-turns";
import { withFoldedText } from "@/lib/search/folding";

// Both generated clients expose the same model API; the SQLite one is the
// canonical type so call sites never branch on the provider.
export type Db = SqliteClient;

const options = { omit: { user: { passwordHash: true } } } as const;

// SQLite's defaults (rollback journal, synchronous=FULL) fsync several times per write, and libsql
// runs statements on the event loop: on an ordinary disk each autocommit write blocked every stream
// for ~25 ms, so a hundred streams saving progress once a second stalled the whole process. WAL with
// synchronous=NORMAL syncs at checkpoints instead (~0.3 ms a write); a committed write survives a
// crash of the app, only a power loss or OS crash may lose the last ones (never corrupting the file).
//
// One connection for everything, transactions included. @libsql/client hands each transaction the
// connection in use and opens a new one for what follows; every new connection parses the schema
// (tables, FTS tables, triggers) again, lost its synchronous=NORMAL, and the abandoned ones kept their
// page caches until garbage collection: ~1 ms and a connection's memory per transaction. Prisma's
// adapter already holds its lock from BEGIN to COMMIT, so nothing else can run on the connection
// meanwhile: the transaction may as well run on it.
type LibSqlClient = ReturnType<PrismaLibSQL["createClient"]>;
type LibSqlTransaction = Awaited<ReturnType<LibSqlClient["transaction"]>>;
type InStatement = Parameters<LibSqlTransaction["execute"]>[0];

type RunStatement = (stmt: InStatement) => ReturnType<LibSqlClient["execute"]>;

// `run` executes a statement at once; a transaction's statements use it (see below).
function sameConnectionTransactions(client: LibSqlClient, run: RunStatement): LibSqlClient {
  client.transaction = async (mode = "deferred") => {
    await client.execute(mode === "write" ? "BEGIN IMMEDIATE" : "BEGIN DEFERRED");
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
      }
    };
    const transaction: LibSqlTransaction = {
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
    return transaction;
  };
  return client;
}

// libsql runs each statement on the event loop, and an awaited statement resumes its caller at once:
// a request's reads and writes ran as one uninterrupted piece (several ms), and under load many such
// pieces in a row held back every streaming reply. Each statement now waits for a turn of the loop
// of its own (lib/loop-turns.ts), so the loop relays tokens between statements. Not inside a
// transaction: it holds the adapter's lock, which every other statement waits for, so its
// statements go on at once.
function statementsInTurnsOfTheirOwn(client: LibSqlClient): RunStatement {
  const run = client.execute.bind(client) as RunStatement;
  client.execute = (async (stmt: InStatement) => {
    await nextTurn();
    return run(stmt);
  }) as LibSqlClient["execute"];
  return run;
}

class TunedLibSql extends PrismaLibSQL {
  override createClient(config: Parameters<PrismaLibSQL["createClient"]>[0]): LibSqlClient {
    const client = super.createClient(config);
    return sameConnectionTransactions(client, statementsInTurnsOfTheirOwn(client));
  }

  override async connect(): ReturnType<PrismaLibSQL["connect"]> {
    const adapter = await super.connect();
    for (const sql of ["PRAGMA journal_mode=WAL", "PRAGMA synchronous=NORMAL"]) {
      await adapter.queryRaw({ sql, args: [], argTypes: [] });
    }
    return adapter;
  }
}

export type DatabaseProvider = "sqlite" | "postgres";

export function databaseProvider(): DatabaseProvider {
  return env().DATABASE_URL.startsWith("file:") ? "sqlite" : "postgres";
}

function createDb(url: string, poolSize: number): Db {
  if (url.startsWith("file:")) {
    return withSearchFolding(new SqliteClient({ adapter: new TunedLibSql({ url }), ...options }));
  }
  const adapter = new PrismaPg({ connectionString: url, max: poolSize });
  return withSearchFolding(new PostgresClient({ adapter, ...options }) as unknown as Db);
}

// Every title and message text written gets its folded copy for search (lib/search/folding.ts).
// The extended client keeps the model API, so it is still typed as the plain one.
function withSearchFolding(client: Db): Db {
  return client.$extends({
    name: "search-folding",
    query: {
      message: { $allOperations: ({ args, query }) => query(withFoldedText(args, "message")) },
      thread: { $allOperations: ({ args, query }) => query(withFoldedText(args, "thread")) },
    },
  }) as unknown as Db;
}

// One client per process, surviving Next's module reloads in development.
const globalForDb = globalThis as unknown as { phogptDb?: Db };

export function db(): Db {
  globalForDb.phogptDb ??= createDb(env().DATABASE_URL, env().DATABASE_POOL_SIZE);
  return globalForDb.phogptDb;
}
