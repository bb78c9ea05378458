// One data model, two providers: the generated schemas come from prisma/models.prisma, and the
// committed SQLite and PostgreSQL migrations build the same tables, columns and indexes.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { createClient } from "@libsql/client";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as postgresClient from "@/lib/generated/prisma-postgres/internal/prismaNamespace";
import * as sqliteClient from "@/lib/generated/prisma-sqlite/internal/prismaNamespace";
import { renderSchema } from "../scripts/prisma-schemas.mjs";
import { createTestDatabase } from "./support/test-database.mjs";

interface Shape {
  [table: string]: { columns: string[]; notNull: string[]; indexes: string[] };
}

async function sqliteShape(url: string): Promise<Shape> {
  const database = createClient({ url });
  const rows = async <T>(sql: string) => (await database.execute(sql)).rows as unknown as T[];
  try {
    const tables = await rows<{ name: string }>(
      `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name != '_prisma_migrations'`,
    );
    const shape: Shape = {};
    for (const { name } of tables) {
      const columns = await rows<{ name: string; notnull: number; pk: number }>(`PRAGMA table_info("${name}")`);
      const indexes = await rows<{ name: string; unique: number; origin: string }>(`PRAGMA index_list("${name}")`);
      const described: string[] = [];
      for (const index of indexes.filter((candidate) => candidate.origin !== "pk")) {
        const cols = await rows<{ name: string }>(`PRAGMA index_info("${index.name}")`);
        described.push(`${index.unique ? "unique " : ""}(${cols.map((c) => c.name).join(",")})`);
      }
      shape[name] = {
        columns: columns.map((c) => c.name).sort(),
        notNull: columns
          .filter((c) => c.notnull || c.pk)
          .map((c) => c.name)
          .sort(),
        indexes: described.sort(),
      };
    }
    return shape;
  } finally {
    database.close();
  }
}

async function postgresShape(url: string): Promise<Shape> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const columns = await client.query<{ table_name: string; column_name: string; is_nullable: string }>(
      `SELECT table_name, column_name, is_nullable FROM information_schema.columns
       WHERE table_schema = 'public' AND table_name != '_prisma_migrations'`,
    );
    const indexes = await client.query<{ table: string; unique: boolean; columns: string[] }>(
      `SELECT t.relname AS table, ix.indisunique AS unique,
              array_agg(a.attname::text ORDER BY array_position(ix.indkey, a.attnum)) AS columns
       FROM pg_index ix
       JOIN pg_class t ON t.oid = ix.indrelid
       JOIN pg_namespace n ON n.oid = t.relnamespace AND n.nspname = 'public'
       JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = ANY(ix.indkey)
       WHERE NOT ix.indisprimary AND t.relname != '_prisma_migrations'
       GROUP BY ix.indexrelid, t.relname, ix.indisunique`,
    );
    const shape: Shape = {};
    for (const row of columns.rows) {
      const table = (shape[row.table_name] ??= { columns: [], notNull: [], indexes: [] });
      table.columns.push(row.column_name);
      if (row.is_nullable === "NO") table.notNull.push(row.column_name);
    }
    for (const row of indexes.rows) {
      shape[row.table]?.indexes.push(`${row.unique ? "unique " : ""}(${row.columns.join(",")})`);
    }
    for (const table of Object.values(shape)) {
      table.columns.sort();
      table.notNull.sort();
      table.indexes.sort();
    }
    return shape;
  } finally {
    await client.end();
  }
}

function modelColumns(namespace: Record<string, unknown>): Record<string, string[]> {
  const models = namespace.ModelName as Record<string, string>;
  return Object.fromEntries(
    Object.keys(models).map((model) => [
      model,
      Object.values(namespace[`${model}ScalarFieldEnum`] as Record<string, string>).sort(),
    ]),
  );
}

describe("schemas for SQLite and PostgreSQL", () => {
  it("are generated from prisma/models.prisma and up to date", () => {
    for (const provider of ["sqlite", "postgres"]) {
      const committed = readFileSync(join(process.cwd(), "prisma", provider, "schema.prisma"), "utf8");
      expect(committed, `prisma/${provider}/schema.prisma is stale: run npm run db:schemas`).toBe(
        renderSchema(provider),
      );
    }
  });

  it("generate clients with the same models and fields", () => {
    expect(modelColumns(postgresClient)).toEqual(modelColumns(sqliteClient));
  });

  describe("migrated", () => {
    let sqlite: Awaited<ReturnType<typeof createTestDatabase>>;
    let postgres: Awaited<ReturnType<typeof createTestDatabase>>;

    beforeAll(async () => {
      [sqlite, postgres] = await Promise.all([
        createTestDatabase("parity", "sqlite"),
        createTestDatabase("parity", "postgres"),
      ]);
    });
    afterAll(async () => {
      await Promise.all([sqlite?.drop(), postgres?.drop()]);
    });

    it("build the same tables, columns, nullability and indexes", async () => {
      const fromSqlite = await sqliteShape(sqlite.url);
      const fromPostgres = await postgresShape(postgres.url);
      expect(Object.keys(fromSqlite).sort()).toEqual([
        "Message",
        "OAuthAccount",
        "PasswordResetToken",
        "RateLimit",
        "SharedLink",
        "Thread",
        "User",
      ]);
      expect(fromPostgres).toEqual(fromSqlite);
    });

    it("match the models' fields", async () => {
      const fromSqlite = await sqliteShape(sqlite.url);
      const columns = Object.fromEntries(Object.entries(fromSqlite).map(([table, shape]) => [table, shape.columns]));
      expect(columns).toEqual(modelColumns(sqliteClient));
    });

    it("index threads by owner and last activity, and messages by thread and order", async () => {
      const shape = await sqliteShape(sqlite.url);
      expect(shape.Thread?.indexes).toContain("(userId,lastActivityAt,id)");
      expect(shape.Message?.indexes).toContain("unique (threadId,position)");
    });
  });
});
