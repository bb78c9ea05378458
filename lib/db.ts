import "server-only";
import { PrismaLibSQL } from "@prisma/adapter-libsql";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient as SqliteClient } from "@/lib/generated/prisma-sqlite/client";
import { PrismaClient as PostgresClient } from "@/lib/generated/prisma-postgres/client";
import { env } from "@/lib/env";

// Both generated clients expose the same model API; the SQLite one is the
// canonical type so call sites never branch on the provider.
export type Db = SqliteClient;

const options = { omit: { user: { passwordHash: true } } } as const;

function createDb(url: string, poolSize: number): Db {
  if (url.startsWith("file:")) {
    return new SqliteClient({ adapter: new PrismaLibSQL({ url }), ...options });
  }
  const adapter = new PrismaPg({ connectionString: url, max: poolSize });
  return new PostgresClient({ adapter, ...options }) as unknown as Db;
}

// One client per process, surviving Next's module reloads in development.
const globalForDb = globalThis as unknown as { phogptDb?: Db };

export function db(): Db {
  globalForDb.phogptDb ??= createDb(env().DATABASE_URL, env().DATABASE_POOL_SIZE);
  return globalForDb.phogptDb;
}
