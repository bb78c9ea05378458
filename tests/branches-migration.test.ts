// The branches migration on data written before it, on both databases: each thread becomes one
// branch (parent = the message before, positions 0..n-1, current leaf = the last message).
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { createClient } from "@libsql/client";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "./support/test-database.mjs";

const BRANCHES = "20261126091000_branches";

function migrationsBefore(provider: "sqlite" | "postgres", name: string): string[] {
  const folder = join(process.cwd(), "prisma", provider, "migrations");
  return readdirSync(folder, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && entry.name < name)
    .map((entry) => entry.name)
    .sort()
    .map((migration) => readFileSync(join(folder, migration, "migration.sql"), "utf8"));
}

function branchesMigration(provider: "sqlite" | "postgres"): string {
  return readFileSync(join(process.cwd(), "prisma", provider, "migrations", BRANCHES, "migration.sql"), "utf8");
}

// Two threads written the old way; one has a gap in its positions (a deleted row), which the
// migration closes.
const seed = [
  `INSERT INTO "User" ("id", "email", "name", "updatedAt") VALUES ('u1', 'lan@example.vn', 'Lan', CURRENT_TIMESTAMP)`,
  `INSERT INTO "Thread" ("id", "userId", "title", "updatedAt") VALUES ('t1', 'u1', 'Một', CURRENT_TIMESTAMP)`,
  `INSERT INTO "Thread" ("id", "userId", "title", "updatedAt") VALUES ('t2', 'u1', 'Hai', CURRENT_TIMESTAMP)`,
  `INSERT INTO "Thread" ("id", "userId", "title", "updatedAt") VALUES ('t3', 'u1', 'Trống', CURRENT_TIMESTAMP)`,
  ...[
    ["m1", "t1", 0, "user"],
    ["m2", "t1", 1, "assistant"],
    ["m3", "t1", 2, "user"],
    ["m4", "t1", 3, "assistant"],
    ["n1", "t2", 0, "user"],
    ["n2", "t2", 2, "assistant"],
  ].map(
    ([id, thread, position, role]) =>
      `INSERT INTO "Message" ("id", "threadId", "position", "role", "content", "updatedAt")
       VALUES ('${id}', '${thread}', ${position}, '${role}', 'nội dung ${id}', CURRENT_TIMESTAMP)`,
  ),
];

const messagesAfter = `SELECT "id", "parentId", "position" FROM "Message" ORDER BY "id"`;
const threadsAfter = `SELECT "id", "currentLeafId" FROM "Thread" ORDER BY "id"`;

const expectedMessages = [
  { id: "m1", parentId: null, position: 0 },
  { id: "m2", parentId: "m1", position: 1 },
  { id: "m3", parentId: "m2", position: 2 },
  { id: "m4", parentId: "m3", position: 3 },
  { id: "n1", parentId: null, position: 0 },
  { id: "n2", parentId: "n1", position: 1 },
];
const expectedThreads = [
  { id: "t1", currentLeafId: "m4" },
  { id: "t2", currentLeafId: "n2" },
  { id: "t3", currentLeafId: null },
];

describe("the branches migration", () => {
  let sqlite: Awaited<ReturnType<typeof createTestDatabase>>;
  let postgres: Awaited<ReturnType<typeof createTestDatabase>>;

  // Test databases give a temporary folder and a server; the migration runs on a database beside
  // each, built by hand up to the migration before it.
  beforeAll(async () => {
    [sqlite, postgres] = await Promise.all([
      createTestDatabase("branches", "sqlite"),
      createTestDatabase("branches", "postgres"),
    ]);
  });
  afterAll(async () => {
    await Promise.all([sqlite?.drop(), postgres?.drop()]);
  });

  it("SQLite: makes every existing thread one branch", async () => {
    const database = createClient({ url: sqlite.url.replace(/\.db$/, "-old.db") });
    try {
      for (const sql of migrationsBefore("sqlite", BRANCHES)) await database.executeMultiple(sql);
      for (const sql of seed) await database.execute(sql);
      await database.executeMultiple(branchesMigration("sqlite"));
      const messages = (await database.execute(messagesAfter)).rows.map((row) => ({
        id: row.id,
        parentId: row.parentId,
        position: Number(row.position),
      }));
      expect(messages).toEqual(expectedMessages);
      const threads = (await database.execute(threadsAfter)).rows.map((row) => ({ ...row }));
      expect(threads).toEqual(expectedThreads);
      // Deleting a message deletes what follows it.
      await database.execute("PRAGMA foreign_keys = ON");
      await database.execute(`DELETE FROM "Message" WHERE "id" = 'm3'`);
      expect(
        (await database.execute(`SELECT "id" FROM "Message" WHERE "threadId" = 't1' ORDER BY "id"`)).rows.map(
          (row) => row.id,
        ),
      ).toEqual(["m1", "m2"]);
    } finally {
      database.close();
    }
  });

  it("PostgreSQL: makes every existing thread one branch", async () => {
    const admin = new pg.Client({ connectionString: postgres.url });
    await admin.connect();
    const name = `${new URL(postgres.url).pathname.slice(1)}_old`;
    await admin.query(`CREATE DATABASE "${name}"`);
    await admin.end();
    const url = new URL(postgres.url);
    url.pathname = `/${name}`;
    const client = new pg.Client({ connectionString: url.toString() });
    await client.connect();
    try {
      for (const sql of migrationsBefore("postgres", BRANCHES)) await client.query(sql);
      for (const sql of seed) await client.query(sql);
      await client.query(branchesMigration("postgres"));
      expect((await client.query(messagesAfter)).rows).toEqual(expectedMessages);
      expect((await client.query(threadsAfter)).rows).toEqual(expectedThreads);
      await client.query(`DELETE FROM "Message" WHERE "id" = 'm3'`);
      const left = await client.query(`SELECT "id" FROM "Message" WHERE "threadId" = 't1' ORDER BY "id"`);
      expect(left.rows.map((row: { id: string }) => row.id)).toEqual(["m1", "m2"]);
    } finally {
      await client.end();
      const cleanup = new pg.Client({ connectionString: postgres.url });
      await cleanup.connect();
      await cleanup.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await cleanup.end();
    }
  });
});
