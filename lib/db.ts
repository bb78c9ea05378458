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

export type DatabaseProvider = "sqlite" | "postgres";

export function databaseProvider(): DatabaseProvider {
  return env().DATABASE_URL.startsWith("file:") ? "sqlite" : "postgres";
}

function createDb(url: string, poolSize: number): Db {
  if (url.startsWith("file:")) {
    return withSearchFolding(new SqliteClient({ adapter: new PrismaLibSQL({ url }), ...options }));
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
