import "server-only";
import { rawSql } from "@/lib/db";
import { sqlParameters, type SqlRunner } from "@/lib/db-sql";
import { AppError } from "@/lib/errors";
import { foldVietnamese } from "@/lib/text/fold";
import { ACTIVE_REPLY_STATUSES } from "./stale-replies";

// A turn's writes, inside its transaction, as raw statements (lib/db-sql.ts). Prisma compiles each
// of its queries before running it, and the nested create of a thread with its messages cost more
// than everything else a new chat's start does in the database (bench/README.md). Raw statements
// bypass the client's search-folding extension, so the folded copies are written here.

export type TurnTransaction = SqlRunner;

export interface ExchangeRow {
  id: string;
  parentId: string | null;
  position: number;
  role: "user" | "assistant";
  content: string;
  status: "complete" | "pending";
  tokenCount?: number | null;
}

const MESSAGE_COLUMNS = [
  "id",
  "threadId",
  "parentId",
  "position",
  "role",
  "content",
  "contentFolded",
  "status",
  "tokenCount",
  "createdAt",
  "updatedAt",
];

/** A new thread with its first exchange; its current leaf is the exchange's last message. */
export async function insertThread(
  tx: TurnTransaction,
  thread: { id: string; userId: string; title: string },
  exchange: ExchangeRow[],
): Promise<void> {
  const sql = sqlParameters();
  const now = new Date();
  const values = [
    sql.add(thread.id),
    sql.add(thread.userId),
    sql.add(thread.title),
    sql.add(foldVietnamese(thread.title)),
    sql.add(exchange.at(-1)?.id ?? null),
    sql.time(now),
    sql.time(now),
    sql.time(now),
  ];
  // Two first messages sent at once (two tabs of a new chat) both plan a new thread: one creates it.
  const created = await tx.execute(
    `INSERT INTO "Thread" ("id", "userId", "title", "titleFolded", "currentLeafId", "createdAt", "updatedAt", ` +
      `"lastActivityAt") VALUES (${values.join(", ")}) ON CONFLICT ("id") DO NOTHING`,
    sql.values,
  );
  if (created === 0) throw new AppError("conflict", "The conversation changed meanwhile; try again.");
  await insertExchange(tx, thread.id, exchange, now);
}

/** Messages of one thread, in one statement. */
export async function insertExchange(
  tx: TurnTransaction,
  threadId: string,
  exchange: ExchangeRow[],
  now = new Date(),
): Promise<void> {
  const sql = sqlParameters();
  const rows = exchange.map((row) => {
    const values = [
      sql.add(row.id),
      sql.add(threadId),
      sql.add(row.parentId),
      sql.add(row.position),
      sql.add(row.role),
      sql.add(row.content),
      sql.add(foldVietnamese(row.content)),
      sql.add(row.status),
      sql.add(row.tokenCount ?? null),
      sql.time(now),
      sql.time(now),
    ];
    return `(${values.join(", ")})`;
  });
  const columns = MESSAGE_COLUMNS.map((column) => `"${column}"`).join(", ");
  await tx.execute(`INSERT INTO "Message" (${columns}) VALUES ${rows.join(", ")}`, sql.values);
}

// The concurrency guard of every turn: the thread's current leaf moves only if it is still the
// one the turn was planned on. The update also locks the thread's row (PostgreSQL) or the
// database (SQLite) until the transaction ends, so the check for a generating reply that follows
// sees every turn that committed before.
export async function moveLeaf(
  tx: TurnTransaction,
  { userId, threadId }: { userId: string; threadId: string },
  from: string | null,
  to: string | null,
  { activity }: { activity: boolean } = { activity: true },
): Promise<void> {
  const sql = sqlParameters();
  const now = new Date();
  const set = [`"currentLeafId" = ${sql.add(to)}`, `"updatedAt" = ${sql.time(now)}`];
  if (activity) set.push(`"lastActivityAt" = ${sql.time(now)}`);
  const owner = `"id" = ${sql.add(threadId)} AND "userId" = ${sql.add(userId)}`;
  const leaf = from === null ? `"currentLeafId" IS NULL` : `"currentLeafId" = ${sql.add(from)}`;
  const count = await tx.execute(`UPDATE "Thread" SET ${set.join(", ")} WHERE ${owner} AND ${leaf}`, sql.values);
  if (count === 0) throw new AppError("conflict", "The conversation changed meanwhile; try again.");
  const active = sqlParameters();
  const generating = await tx.query<{ id: string }>(
    `SELECT "id" FROM "Message" WHERE "threadId" = ${active.add(threadId)} AND "role" = 'assistant' ` +
      `AND "status" IN (${active.list(ACTIVE_REPLY_STATUSES)}) LIMIT 1`,
    active.values,
  );
  if (generating.length > 0) throw new AppError("conflict", "A reply is still being generated in this thread.");
}

/**
 * Retry and Continue take over the reply they were planned on, only if it did not change meanwhile;
 * Retry (`clearText`) starts it over.
 */
export async function claimReply(
  tx: TurnTransaction,
  planned: { id: string; status: string; content: string },
  { clearText }: { clearText: boolean },
): Promise<void> {
  const sql = sqlParameters();
  const set = [
    `"status" = 'pending'`,
    `"errorCode" = NULL`,
    `"finishReason" = NULL`,
    `"updatedAt" = ${sql.time(new Date())}`,
  ];
  if (clearText) set.push(`"content" = ''`, `"contentFolded" = ''`, `"tokenCount" = NULL`);
  const where = [
    `"id" = ${sql.add(planned.id)}`,
    `"status" = ${sql.add(planned.status)}`,
    `"content" = ${sql.add(planned.content)}`,
  ];
  const count = await tx.execute(`UPDATE "Message" SET ${set.join(", ")} WHERE ${where.join(" AND ")}`, sql.values);
  if (count === 0) throw new AppError("conflict", "The conversation changed meanwhile; try again.");
}

/** Messages of one thread (Undo: an exchange with everything below it). */
export async function deleteMessages(tx: TurnTransaction, threadId: string, ids: readonly string[]): Promise<void> {
  const sql = sqlParameters();
  await tx.execute(
    `DELETE FROM "Message" WHERE "threadId" = ${sql.add(threadId)} AND "id" IN (${sql.list(ids)})`,
    sql.values,
  );
}

// A reply's end, with its text folded for search; every reply ends with it. The reply may be gone
// (its thread deleted, its exchange undone, its account closed) while it was generating: its end
// then has nowhere to go and is dropped.
export async function saveReplyOutcome(
  messageId: string,
  outcome: { content: string; status: "complete" | "stopped" | "failed"; errorCode?: string; finishReason?: string },
): Promise<void> {
  const sql = sqlParameters();
  const set = [
    `"content" = ${sql.add(outcome.content)}`,
    `"contentFolded" = ${sql.add(foldVietnamese(outcome.content))}`,
    `"status" = ${sql.add(outcome.status)}`,
    `"errorCode" = ${sql.add(outcome.errorCode ?? null)}`,
    `"finishReason" = ${sql.add(outcome.finishReason ?? null)}`,
    `"tokenCount" = NULL`,
    `"updatedAt" = ${sql.time(new Date())}`,
  ];
  await rawSql().execute(`UPDATE "Message" SET ${set.join(", ")} WHERE "id" = ${sql.add(messageId)}`, sql.values);
}
