import "server-only";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaClient as SqliteClient } from "@/lib/generated/prisma-sqlite/client";
import { PrismaClient as PostgresClient } from "@/lib/generated/prisma-postgres/client";
import { pgStatements } from "@/lib/db-postgres";
import type { SqlDatabase } from "@/lib/db-sql";
import { libSqlStatements, TunedLibSql } from "@/lib/db-sqlite";
import { env } from "@/lib/env";
import { logger } from "@/lib/logger";
import { withFoldedText } from "@/lib/search/folding";

// Both generated clients expose the same model API; the SQLite one is the
// canonical type so call sites never branch on the provider.
export type Db = SqliteClient;

const options = { omit: { user: { passwordHash: true } } } as const;

export type DatabaseProvider = "sqlite" | "postgres";

export function databaseProvider(): DatabaseProvider {
  return env().DATABASE_URL.startsWith("file:") ? "sqlite" : "postgres";
}

interface Connection {
  client: Db;
  statements: SqlDatabase;
}

function connect(url: string, poolSize: number): Connection {
  if (url.startsWith("file:")) {
    const adapter = new TunedLibSql({ url });
    const client = withSearchFolding(new SqliteClient({ adapter, ...options }));
    return { client, statements: libSqlStatements(adapter.connection) };
  }
  // A burst of requests queues for the pool's connections: up to 10 s, then the request fails.
  const pool = new pg.Pool({ connectionString: url, max: poolSize, connectionTimeoutMillis: 10_000 });
  // An idle connection the server closed (a restart, a failover) is dropped by the pool; unheard, its
  // error event would end the process.
  pool.on("error", (error) => logger.warn("an idle database connection failed", { error }));
  const client = withSearchFolding(new PostgresClient({ adapter: new PrismaPg(pool), ...options }) as unknown as Db);
  return { client, statements: pgStatements(pool) };
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

// One connection (SQLite) or pool (PostgreSQL) per process, surviving Next's module reloads in
// development, shared by the Prisma client and the raw statements.
const globalForDb = globalThis as unknown as { phogptDb?: Connection };

function connection(): Connection {
  globalForDb.phogptDb ??= connect(env().DATABASE_URL, env().DATABASE_POOL_SIZE);
  return globalForDb.phogptDb;
}

export function db(): Db {
  return connection().client;
}

/** Raw statements (lib/db-sql.ts) on the Prisma client's connection. */
export function rawSql(): SqlDatabase {
  return connection().statements;
}
