// The queries behind the sidebar, the thread page and the search use indexes, not scans and sorts,
// on both databases (EXPLAIN on freshly migrated databases).
import { createClient } from "@libsql/client";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SEARCH_SQL } from "@/lib/search/sql";
import { createTestDatabase } from "./support/test-database.mjs";

// The SQL shapes Prisma sends for threadsForUser, threadPageForUser after a cursor and
// threadWithMessagesForUser.
const threadsByOwner = `SELECT "id", "title", "lastActivityAt" FROM "Thread" WHERE "userId" = $1
  ORDER BY "lastActivityAt" DESC, "id" DESC LIMIT 50`;
const threadsAfterCursor = `SELECT "id", "title", "lastActivityAt" FROM "Thread" WHERE ("userId" = $1
  AND "lastActivityAt" <= $2 AND ("lastActivityAt" < $2 OR "id" < $3))
  ORDER BY "lastActivityAt" DESC, "id" DESC LIMIT 51`;
const messagesByThread = `SELECT "id", "position", "content" FROM "Message" WHERE "threadId" = $1 ORDER BY "position" ASC`;
// activeRepliesOf (lib/chat/stale-replies.ts), on every chat request.
const activeReplies = `SELECT m."id", m."role", CASE WHEN m."updatedAt" < $1 THEN 1 ELSE 0 END AS "stale"
  FROM "Message" m JOIN "Thread" t ON t."id" = m."threadId" WHERE t."userId" = $2 AND m."status" IN ($3, $4)`;

const CUTOFF = "2026-01-01T00:00:00.000+00:00";

// Placeholder values for the SQLite plans: one per $n.
const args = (sql: string) => (sql.match(/\$\d/g) ?? []).map(() => "x");

describe("query plans", () => {
  let sqlite: Awaited<ReturnType<typeof createTestDatabase>>;
  let postgres: Awaited<ReturnType<typeof createTestDatabase>>;

  beforeAll(async () => {
    [sqlite, postgres] = await Promise.all([
      createTestDatabase("plans", "sqlite"),
      createTestDatabase("plans", "postgres"),
    ]);
  });
  afterAll(async () => {
    await Promise.all([sqlite?.drop(), postgres?.drop()]);
  });

  it("SQLite: searches the indexes and needs no temporary sort", async () => {
    const database = createClient({ url: sqlite.url });
    const plan = async (sql: string) =>
      (await database.execute({ sql: `EXPLAIN QUERY PLAN ${sql.replaceAll(/\$\d/g, "?")}`, args: args(sql) })).rows
        .map((row) => String(row.detail))
        .join("\n");
    try {
      const threads = await plan(threadsByOwner);
      expect(threads).toMatch(
        /SEARCH Thread USING (COVERING )?INDEX Thread_userId_lastActivityAt_id_idx \(userId=\?\)/,
      );
      expect(threads).not.toContain("TEMP B-TREE");
      // The next page seeks to the cursor's time instead of walking every newer thread.
      const nextPage = await plan(threadsAfterCursor);
      expect(nextPage).toMatch(
        /SEARCH Thread USING (COVERING )?INDEX Thread_userId_lastActivityAt_id_idx \(userId=\? AND lastActivityAt<\?\)/,
      );
      expect(nextPage).not.toContain("TEMP B-TREE");
      const messages = await plan(messagesByThread);
      expect(messages).toMatch(/SEARCH Message USING INDEX Message_threadId_position_idx \(threadId=\?\)/);
      expect(messages).not.toContain("TEMP B-TREE");
    } finally {
      database.close();
    }
  });

  it("find a user's replies being generated through the status index, not the user's messages", async () => {
    const database = createClient({ url: sqlite.url });
    try {
      const sql = `EXPLAIN QUERY PLAN ${activeReplies.replaceAll(/\$\d/g, "?")}`;
      const plan = (await database.execute({ sql, args: [CUTOFF, "x", "pending", "streaming"] })).rows
        .map((row) => String(row.detail))
        .join("\n");
      expect(plan).toMatch(/SEARCH m USING INDEX Message_status_idx \(status=\?\)/);
    } finally {
      database.close();
    }
    const client = new pg.Client({ connectionString: postgres.url });
    await client.connect();
    try {
      // Empty tables make a scan as cheap as anything; rule it out to see the index can serve.
      await client.query("SET enable_seqscan = off");
      const plan = (
        await client.query<{ "QUERY PLAN": string }>(`EXPLAIN ${activeReplies}`, [CUTOFF, "x", "pending", "streaming"])
      ).rows
        .map((row) => row["QUERY PLAN"])
        .join("\n");
      expect(plan).toMatch(/Message_status_idx/);
    } finally {
      await client.end();
    }
  });

  it("SQLite: searches within the full-text index, newest first without a sort", async () => {
    const database = createClient({ url: sqlite.url });
    const plan = async (sql: string, args: (string | number)[]) =>
      (await database.execute({ sql: `EXPLAIN QUERY PLAN ${sql}`, args })).rows
        .map((row) => String(row.detail))
        .join("\n");
    try {
      const messages = await plan(SEARCH_SQL.sqliteMessages, ['owner : "78" AND body : ("da"*)', 10, "x", 21]);
      // The index drives the query (the owner is inside the match), the joins are key lookups.
      expect(messages).toMatch(/^SCAN s VIRTUAL TABLE INDEX/);
      expect(messages).toMatch(/SEARCH m USING INTEGER PRIMARY KEY \(rowid=\?\)/);
      expect(messages).toMatch(/SEARCH t USING INDEX sqlite_autoindex_Thread_1 \(id=\?\)/);
      expect(messages).not.toContain("TEMP B-TREE");
      const titles = await plan(SEARCH_SQL.sqliteTitles, ['owner : "78" AND body : ("da"*)', "x", 5]);
      expect(titles).toMatch(/^SCAN s VIRTUAL TABLE INDEX/);
      expect(titles).toMatch(/SEARCH t USING INTEGER PRIMARY KEY \(rowid=\?\)/);
      expect(titles).not.toContain("TEMP B-TREE");
    } finally {
      database.close();
    }
  });

  it("PostgreSQL: searches through the GIN expression indexes", async () => {
    const client = new pg.Client({ connectionString: postgres.url });
    await client.connect();
    try {
      // On empty tables, walking the owner's threads' messages is as cheap as anything; rule that
      // out to see that the full-text condition can be answered by its GIN index (expressions match).
      // The owner's newest-first btree too (scanned whole for the date alone, it is cheap only when
      // empty); this database is the test's own and the drop is rolled back.
      await client.query("SET enable_seqscan = off; SET enable_nestloop = off");
      await client.query(`BEGIN; DROP INDEX "Message_searchOwner_createdAt_id_idx"`);
      const plan = async (sql: string, args: unknown[]) =>
        (await client.query<{ "QUERY PLAN": string }>(`EXPLAIN ${sql}`, args)).rows
          .map((row) => row["QUERY PLAN"])
          .join("\n");
      const messages = await plan(SEARCH_SQL.postgresMessages, ["'~78'", "'da':*", "infinity", "", 21]);
      expect(messages).toMatch(/Bitmap Index Scan on "Message_searchVector_idx"/);
      const titles = await plan(SEARCH_SQL.postgresTitles, ["x", "'da':*", 5]);
      // A user's titles are few: the owner's index or the GIN index, either serves.
      expect(titles).toMatch(/Index Scan on "(Thread_titleFolded_search_idx|Thread_userId_lastActivityAt_id_idx)"/);
    } finally {
      await client.query("ROLLBACK");
      await client.end();
    }
  });

  it("PostgreSQL: walks the owner's newest messages for common words, newest first without a sort", async () => {
    const client = new pg.Client({ connectionString: postgres.url });
    await client.connect();
    try {
      // Empty tables make any plan cheap: discourage scans, bitmaps and sorts to see that the owner's
      // (searchOwner, createdAt, id) btree serves the owner, the cursor and the order (migration
      // 20261126094000_search_speed), so the walk stops once a page has matched.
      await client.query("SET enable_seqscan = off; SET enable_bitmapscan = off; SET enable_sort = off");
      const plan = (
        await client.query<{ "QUERY PLAN": string }>(`EXPLAIN ${SEARCH_SQL.postgresRecentMessages}`, [
          "x",
          "infinity",
          "",
          2000,
          "'da':*",
          21,
        ])
      ).rows
        .map((row) => row["QUERY PLAN"])
        .join("\n");
      expect(plan).toMatch(/Index Scan using "Message_searchOwner_createdAt_id_idx"/);
      expect(plan).toMatch(/Index Cond: \(\("searchOwner" = 'x'::text\) AND \(ROW\("createdAt", id\) < ROW\(/);
      expect(plan).not.toMatch(/Sort/);
    } finally {
      await client.end();
    }
  });

  it("PostgreSQL: can answer both from the indexes without a sort", async () => {
    const client = new pg.Client({ connectionString: postgres.url });
    await client.connect();
    try {
      // Empty tables make any plan cheap; discourage scans and sorts to see whether an index serves
      // both the filter and the order (a Sort node would remain if none could).
      await client.query("SET enable_seqscan = off; SET enable_bitmapscan = off; SET enable_sort = off");
      const plan = async (sql: string) =>
        (await client.query<{ "QUERY PLAN": string }>(`EXPLAIN ${sql.replaceAll(/\$\d/g, "'2026-01-01'")}`)).rows
          .map((row) => row["QUERY PLAN"])
          .join("\n");
      const threads = await plan(threadsByOwner);
      expect(threads).toMatch(/Index Scan Backward using "Thread_userId_lastActivityAt_id_idx"/);
      expect(threads).not.toMatch(/Sort/);
      const nextPage = await plan(threadsAfterCursor);
      expect(nextPage).toMatch(/Index (Only )?Scan Backward using "Thread_userId_lastActivityAt_id_idx"/);
      expect(nextPage).toMatch(/Index Cond: \(\("userId" = '[^']+'::text\) AND \("lastActivityAt" <= /);
      expect(nextPage).not.toMatch(/Sort/);
      const messages = await plan(messagesByThread);
      expect(messages).toMatch(/Index Scan using "Message_threadId_position_idx"/);
      expect(messages).not.toMatch(/Sort/);
    } finally {
      await client.end();
    }
  });
});
