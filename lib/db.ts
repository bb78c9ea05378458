import "server-only";
import { PrismaLibSQL } from "@prisma/adapter-libsql";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient as SqliteClient } from "@/lib/generated/prisma-sqlite/client";
import { PrismaClient as PostgresClient } from "@/lib/generated/prisma-postgres/client";
import { env } from "@/lib/env";
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
// journal_mode is stored in the file; synchronous belongs to the connection and came back as FULL
// after each interactive transaction, so it is set again when one ends (no I/O: a few µs).
const statement = (sql: string) => ({ sql, args: [], argTypes: [] });

class TunedLibSql extends PrismaLibSQL {
  override async connect(): ReturnType<PrismaLibSQL["connect"]> {
    const adapter = await super.connect();
    await adapter.queryRaw(statement("PRAGMA journal_mode=WAL"));
    await adapter.queryRaw(statement("PRAGMA synchronous=NORMAL"));
    // A failure here must not turn a committed transaction into a failed one: it only costs speed.
    const relaxSync = () => adapter.queryRaw(statement("PRAGMA synchronous=NORMAL")).catch(() => undefined);
    const startTransaction = adapter.startTransaction.bind(adapter);
    adapter.startTransaction = async (isolationLevel) => {
      const transaction = await startTransaction(isolationLevel);
      const [commit, rollback] = [transaction.commit.bind(transaction), transaction.rollback.bind(transaction)];
      transaction.commit = () => commit().finally(relaxSync);
      transaction.rollback = () => rollback().finally(relaxSync);
      return transaction;
    };
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
