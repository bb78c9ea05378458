import "server-only";
import { db } from "@/lib/db";

const ACTIVE = ["pending", "streaming"];

// A generating reply is touched at least every few seconds (see reply.ts); one that has not been
// for this long belongs to a process that died, and is shown as interrupted.
export const STALE_REPLY_MS = 30_000;

export async function interruptStaleReplies(scope: { threadId?: string } = {}): Promise<number> {
  const { count } = await db().message.updateMany({
    where: { ...scope, status: { in: ACTIVE }, updatedAt: { lt: new Date(Date.now() - STALE_REPLY_MS) } },
    data: { status: "interrupted" },
  });
  return count;
}
