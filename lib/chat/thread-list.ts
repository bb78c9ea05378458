import "server-only";
import { z } from "zod";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { requestStop } from "@/lib/live/replies";
import { logger } from "@/lib/logger";
import { ACTIVE_REPLY_STATUSES } from "./stale-replies";
import { threadForUserOrThrow, TITLE_MAX_CHARS, type ThreadSummary } from "./threads";

// The sidebar's data: a user's threads page by page (keyset on lastActivityAt, id, served by the
// index [userId, lastActivityAt, id]), rename, delete and delete-all. Every function takes the
// owner's id: another user's thread is indistinguishable from a missing one (404).

export const THREAD_PAGE_DEFAULT = 50;
export const THREAD_PAGE_MAX = 100;
// How long a delete waits for a stopped reply to save its end.
const STOP_WAIT_MS = 5_000;

export interface ThreadPage {
  threads: ThreadSummary[];
  // Opaque; null when this page is the last.
  nextCursor: string | null;
}

interface CursorPosition {
  lastActivityAt: Date;
  id: string;
}

// The position after a page's last thread, base64url so clients treat it as opaque.
export function encodeThreadCursor({ lastActivityAt, id }: CursorPosition): string {
  return Buffer.from(JSON.stringify([lastActivityAt.getTime(), id]), "utf8").toString("base64url");
}

const cursorShape = z.tuple([z.number().int().nonnegative(), z.uuid()]);

export function decodeThreadCursor(cursor: string): CursorPosition {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  } catch {
    parsed = undefined;
  }
  const position = cursorShape.safeParse(parsed);
  if (!position.success || !/^[A-Za-z0-9_-]+$/.test(cursor)) {
    throw new AppError("bad_request", "The cursor is not one this server gave out; start again from the first page.", {
      cursor: "cursor_invalid",
    });
  }
  const [time, id] = position.data;
  return { lastActivityAt: new Date(time), id };
}

export async function threadPageForUser({
  userId,
  cursor,
  limit = THREAD_PAGE_DEFAULT,
}: {
  userId: string;
  cursor?: string | null;
  limit?: number;
}): Promise<ThreadPage> {
  const after = cursor ? decodeThreadCursor(cursor) : undefined;
  const rows = await db().thread.findMany({
    // (lastActivityAt, id) < cursor, written with a bound on lastActivityAt alone so the index
    // seeks to the cursor instead of walking past every newer thread (tests/query-plans.test.ts).
    where: after
      ? {
          userId,
          lastActivityAt: { lte: after.lastActivityAt },
          OR: [{ lastActivityAt: { lt: after.lastActivityAt } }, { id: { lt: after.id } }],
        }
      : { userId },
    orderBy: [{ lastActivityAt: "desc" }, { id: "desc" }],
    // One more than asked tells whether another page follows.
    take: limit + 1,
    select: { id: true, title: true, lastActivityAt: true },
  });
  const threads = rows.slice(0, limit);
  const last = threads.at(-1);
  return { threads, nextCursor: rows.length > limit && last ? encodeThreadCursor(last) : null };
}

// A title the user typed: one line, trimmed, 1..80 characters. Reason codes are dictionary keys under `error.*`.
export const threadTitleSchema = z
  .string({ error: "title_empty" })
  .trim()
  .min(1, { error: "title_empty" })
  .max(TITLE_MAX_CHARS, { error: "title_too_long" })
  .refine((title) => !/[\r\n\t]/.test(title), { error: "control_characters" });

export const renameThreadSchema = z.strictObject({ title: threadTitleSchema });

export async function renameThreadForUser({
  threadId,
  userId,
  title,
}: {
  threadId: string;
  userId: string;
  title: string;
}): Promise<ThreadSummary> {
  const { count } = await db().thread.updateMany({ where: { id: threadId, userId }, data: { title } });
  if (count === 0) throw new AppError("not_found", "No such thread.");
  return threadForUserOrThrow({ threadId, userId });
}

// Deleting a thread whose reply is generating stops the reply first (the user asked for the
// conversation to be gone; the model would otherwise keep working for nobody), then deletes.
export async function deleteThreadForUser({ threadId, userId }: { threadId: string; userId: string }): Promise<void> {
  await threadForUserOrThrow({ threadId, userId });
  await stopActiveReplies({ threadId, thread: { userId } });
  const [, deleted] = await db().$transaction([
    db().message.deleteMany({ where: { threadId, thread: { userId } } }),
    db().thread.deleteMany({ where: { id: threadId, userId } }),
  ]);
  // Deleted meanwhile by another request (a second tab): the outcome the caller wanted.
  if (deleted.count === 0) logger.info("thread already deleted", { threadId });
}

export const DELETE_ALL_CONFIRMATION = "DELETE";
export const deleteAllThreadsSchema = z.strictObject({
  confirm: z.literal(DELETE_ALL_CONFIRMATION, { error: "confirmation_wrong" }),
});

// Every thread of the user and their messages, in one transaction; returns how many threads went.
export async function deleteAllThreadsForUser({ userId }: { userId: string }): Promise<number> {
  await stopActiveReplies({ thread: { userId } });
  const [, deleted] = await db().$transaction([
    db().message.deleteMany({ where: { thread: { userId } } }),
    db().thread.deleteMany({ where: { userId } }),
  ]);
  return deleted.count;
}

// Stops the replies being generated and waits until each has saved its end: the generating
// process writes to its message once more, which must not happen after the delete. A reply no
// process answered for (its process died) has nothing left to write.
async function stopActiveReplies(where: { threadId?: string; thread: { userId: string } }): Promise<void> {
  const active = await db().message.findMany({
    where: { ...where, role: "assistant", status: { in: ACTIVE_REPLY_STATUSES } },
    select: { id: true },
  });
  const heard = await Promise.all(active.map(async (reply) => ((await requestStop(reply.id)) ? reply.id : null)));
  const stopping = heard.filter((id): id is string => id !== null);
  const deadline = Date.now() + STOP_WAIT_MS;
  while (stopping.length > 0) {
    const left = await db().message.count({ where: { id: { in: stopping }, status: { in: ACTIVE_REPLY_STATUSES } } });
    if (left === 0) return;
    if (Date.now() > deadline) {
      throw new AppError("conflict", "A reply in this conversation is still stopping; try again in a moment.");
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
