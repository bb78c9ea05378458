import "server-only";
import { db } from "@/lib/db";
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
  const owner =
    scope === "all" ? {} : "threadId" in scope ? { threadId: scope.threadId } : { thread: { userId: scope.userId } };
  const { count } = await db().message.updateMany({
    where: {
      ...owner,
      status: { in: ACTIVE_REPLY_STATUSES },
      updatedAt: { lt: new Date(Date.now() - staleReplyMs()) },
    },
    data: { status: "interrupted" },
  });
  return count;
}
