// The queries behind the sidebar and the thread page use indexes, not scans and sorts,
// on both databases (EXPLAIN on freshly migrated databases).
import { createClient } from "@libsql/client";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "./support/test-database.mjs";

// The SQL shapes Prisma sends for threadsForUser, threadPageForUser after a cursor and
// threadWithMessagesForUser.
const threadsByOwner = `SELECT "id", "title", "lastActivityAt" FROM "Thread" WHERE "userId" = $1
  ORDER BY "lastActivityAt" DESC, "id" DESC LIMIT 50`;
const threadsAfterCursor = `SELECT "id", "title", "lastActivityAt" FROM "Thread" WHERE ("userId" = $1
  AND "lastActivityAt" <= $2 AND ("lastActivityAt" < $2 OR "id" < $3))
  ORDER BY "lastActivityAt" DESC, "id" DESC LIMIT 51`;
const messagesByThread = `SELECT "id", "position", "content" FROM "Message" WHERE "threadId" = $1 ORDER BY "position" ASC`;

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
