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
    // The search's FTS5 tables (and their shadow tables) have no Prisma model: checked on their own below.
    const tables = await rows<{ name: string }>(
      `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name != '_prisma_migrations'
       AND name NOT IN ('ThreadSearch', 'MessageSearch') AND name NOT LIKE 'ThreadSearch_%' AND name NOT LIKE 'MessageSearch_%'`,
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
       WHERE NOT ix.indisprimary AND t.relname != '_prisma_migrations' AND a.attname != 'searchVector'
         AND ix.indexrelid::regclass::text != '"Message_searchOwner_createdAt_id_idx"'
       GROUP BY ix.indexrelid, t.relname, ix.indisunique`,
    );
    const shape: Shape = {};
    for (const row of columns.rows) {
      // The search's owner-scoped vector and owner have no Prisma field: checked on their own below.
      if (row.table_name === "Message" && ["searchVector", "searchOwner"].includes(row.column_name)) continue;
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

    it("full-text index thread titles and message texts, kept current by triggers", async () => {
      const database = createClient({ url: sqlite.url });
      try {
        const objects = await database.execute(
          `SELECT type, name, sql FROM sqlite_master WHERE name LIKE '%Search%' ORDER BY type, name`,
        );
        const byName = new Map(objects.rows.map((row) => [String(row.name), String(row.sql)]));
        for (const table of ["ThreadSearch", "MessageSearch"]) {
          expect(byName.get(table)).toMatch(/USING fts5\(\s*owner, body, content = '', contentless_delete = 1/);
          expect(byName.get(table)).toContain("tokenize = 'unicode61 remove_diacritics 2'");
        }
        for (const model of ["Thread", "Message"]) {
          for (const event of ["insert", "update", "delete"]) expect(byName.has(`${model}_search_${event}`)).toBe(true);
        }
      } finally {
        database.close();
      }
      const client = new pg.Client({ connectionString: postgres.url });
      await client.connect();
      try {
        const indexes = await client.query<{ indexdef: string }>(
          `SELECT indexdef FROM pg_indexes WHERE schemaname = 'public' AND indexname LIKE '%_search_idx' ORDER BY indexname`,
        );
        expect(indexes.rows.map((row) => row.indexdef)).toEqual([
          `CREATE INDEX "Thread_titleFolded_search_idx" ON public."Thread" USING gin (to_tsvector('simple'::regconfig, "titleFolded"))`,
        ]);
        const vector = await client.query<{ indexdef: string }>(
          `SELECT indexdef FROM pg_indexes WHERE schemaname = 'public' AND indexname = 'Message_searchVector_idx'`,
        );
        expect(vector.rows[0]?.indexdef).toBe(
          `CREATE INDEX "Message_searchVector_idx" ON public."Message" USING gin ("searchVector")`,
        );
        const trigger = await client.query(`SELECT 1 FROM pg_trigger WHERE tgname = 'Message_search_vector'`);
        expect(trigger.rowCount).toBe(1);
        // The owner's newest-first walk for common words (migration 20261126094000_search_speed).
        const walk = await client.query<{ indexdef: string }>(
          `SELECT indexdef FROM pg_indexes WHERE schemaname = 'public' AND indexname = 'Message_searchOwner_createdAt_id_idx'`,
        );
        expect(walk.rows[0]?.indexdef).toBe(
          `CREATE INDEX "Message_searchOwner_createdAt_id_idx" ON public."Message" USING btree ("searchOwner", "createdAt" DESC, id DESC)`,
        );
      } finally {
        await client.end();
      }
    });

    it("index threads by owner and last activity, and messages by thread and depth and by parent", async () => {
      const shape = await sqliteShape(sqlite.url);
      expect(shape.Thread?.indexes).toContain("(userId,lastActivityAt,id)");
      // Versions share a depth: (threadId, position) is no longer unique.
      expect(shape.Message?.indexes).toContain("(threadId,position)");
      expect(shape.Message?.indexes).not.toContain("unique (threadId,position)");
      expect(shape.Message?.indexes).toContain("(parentId)");
    });
  });
});
