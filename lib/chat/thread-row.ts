import "server-only";
import { rawSql } from "@/lib/db";
import { sqlParameters } from "@/lib/db-sql";
import { memoized } from "@/lib/request-memo";

export interface ThreadRow {
  userId: string;
  currentLeafId: string | null;
  generationSettings: string | null;
}

// The thread row a chat turn reads once inside a memo scope (see app/api/chat/route.ts): planning
// needs it for the branch and for the settings. The turn's transaction does not trust it: it
// moves the current leaf by compare-and-swap. Null when the thread does not exist. A raw statement
// (every chat request reads it; Prisma compiles each of its queries first).
export function memoizedThreadRow(threadId: string): Promise<ThreadRow | null> {
  return memoized(`thread:${threadId}`, async () => {
    const sql = sqlParameters();
    const rows = await rawSql().query<ThreadRow>(
      `SELECT "userId", "currentLeafId", "generationSettings" FROM "Thread" WHERE "id" = ${sql.add(threadId)}`,
      sql.values,
    );
    return rows[0] ?? null;
  });
}
