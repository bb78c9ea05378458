import "server-only";
import { db, rawSql } from "@/lib/db";
import { sqlParameters } from "@/lib/db-sql";
import { AsyncLocalStorage } from "node:async_hooks";
import { env } from "@/lib/env";

export const ACTIVE_REPLY_STATUSES = ["pending", "streaming"];

// A generating reply is touched several times within this period (see reply.ts); one that has
// not been touched for this long belongs to a process that died, and is shown as interrupted.
export function staleReplyMs(): number {
  return env().REPLY_STALE_AFTER_MS;
}

export function replyHeartbeatMs(): number {
  return Math.max(250, Math.min(5_000, Math.floor(staleReplyMs() / 4)));
}

export async function interruptStaleReplies(scope: { threadId: string } | { userId: string } | "all"): Promise<number> {
  // The chat route's user-wide sweep (activeRepliesOf) has just covered the user's threads.
  if (typeof scope === "object" && "threadId" in scope && sweptUsers.getStore()) return 0;
  const owner =
    scope === "all" ? {} : "threadId" in scope ? { threadId: scope.threadId } : { thread: { userId: scope.userId } };
  const stale = await db().message.findMany({
    where: { ...owner, status: { in: ACTIVE_REPLY_STATUSES }, updatedAt: { lt: staleCutoff() } },
    select: { id: true },
  });
  return interrupt(stale.map((message) => message.id));
}

function staleCutoff(): Date {
  return new Date(Date.now() - staleReplyMs());
}

// Marks replies interrupted, each written with the text it had, so it is indexed for search as a
// reply that ended is (lib/search/folding.ts; streaming progress is not). A reply touched since it
// was found stale is left alone.
async function interrupt(ids: string[]): Promise<number> {
  let count = 0;
  for (const id of ids) {
    const where = { id, status: { in: ACTIVE_REPLY_STATUSES }, updatedAt: { lt: staleCutoff() } };
    const reply = await db().message.findFirst({ where, select: { content: true } });
    if (!reply) continue;
    const written = await db().message.updateMany({ where, data: { status: "interrupted", content: reply.content } });
    count += written.count;
  }
  return count;
}

const sweptUsers = new AsyncLocalStorage<string>();

// The user's generating replies, after interrupting the stale ones: one read (and a write only
// when something is stale) where a sweep and a count took two statements. `then` runs with the
// user's threads known swept, so the thread sweeps of the turn it starts are skipped.
export async function activeRepliesOf<T>(userId: string, then: (active: number) => Promise<T>): Promise<T> {
  const generating = await generatingOf(userId, staleCutoff());
  const stale = generating.filter((message) => message.stale === 1);
  if (stale.length > 0) await interrupt(stale.map((message) => message.id));
  const active = generating.filter((message) => message.role === "assistant" && message.stale === 0).length;
  return sweptUsers.run(userId, () => then(active));
}

// A raw statement (every chat request starts with it; Prisma compiles each of its queries first).
// The database compares the times, as Prisma's own filter would: SQLite compares its ISO texts.
function generatingOf(userId: string, cutoff: Date) {
  const sql = sqlParameters();
  const stale = `CASE WHEN m."updatedAt" < ${sql.time(cutoff)} THEN 1 ELSE 0 END`;
  return rawSql().query<{ id: string; role: string; stale: number }>(
    `SELECT m."id", m."role", ${stale} AS "stale" FROM "Message" m JOIN "Thread" t ON t."id" = m."threadId" ` +
      `WHERE t."userId" = ${sql.add(userId)} AND m."status" IN (${sql.list(ACTIVE_REPLY_STATUSES)})`,
    sql.values,
  );
}
