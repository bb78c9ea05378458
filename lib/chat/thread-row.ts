import "server-only";
import { db } from "@/lib/db";
import { memoized } from "@/lib/request-memo";

// The thread row a chat turn reads once inside a memo scope (see app/api/chat/route.ts): planning
// needs it for the branch and for the settings. The turn's transaction does not trust it: it
// moves the current leaf by compare-and-swap. Null when the thread does not exist.
export function memoizedThreadRow(threadId: string) {
  return memoized(`thread:${threadId}`, () =>
    db().thread.findUnique({
      where: { id: threadId },
      select: { userId: true, currentLeafId: true, generationSettings: true },
    }),
  );
}
