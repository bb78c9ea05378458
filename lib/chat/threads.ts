import "server-only";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { readCurrentBranch, type BranchMessage } from "./current-branch";
import { messageFields, toStoredMessage } from "./message-rows";
import { ACTIVE_REPLY_STATUSES, interruptStaleReplies } from "./stale-replies";

// Every function here takes the owner's id: a thread or message of another
// user is indistinguishable from one that does not exist (404).

export type { MessageRole, MessageStatus, StoredMessage } from "./message-rows";
export type { BranchMessage } from "./current-branch";
export type { Versions } from "./branch-tree";

export interface ThreadSummary {
  id: string;
  title: string;
  lastActivityAt: Date;
}

const summaryFields = { id: true, title: true, lastActivityAt: true } as const;

export const TITLE_MAX_CHARS = 80;

// The first line of the first message, whitespace collapsed, cut at a word boundary.
export function titleFromMessage(text: string): string {
  const line = text.trim().split("\n")[0]?.replace(/\s+/g, " ").trim() ?? "";
  if (line.length <= TITLE_MAX_CHARS) return line;
  const cut = line.slice(0, TITLE_MAX_CHARS - 1);
  const space = cut.lastIndexOf(" ");
  return `${(space > TITLE_MAX_CHARS / 2 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

export async function threadsForUser({
  userId,
  limit = 50,
}: {
  userId: string;
  limit?: number;
}): Promise<ThreadSummary[]> {
  return db().thread.findMany({
    where: { userId },
    orderBy: [{ lastActivityAt: "desc" }, { id: "desc" }],
    take: limit,
    select: summaryFields,
  });
}

export async function threadForUserOrThrow({ threadId, userId }: { threadId: string; userId: string }) {
  const thread = await db().thread.findFirst({ where: { id: threadId, userId }, select: summaryFields });
  if (!thread) throw new AppError("not_found", "No such thread.");
  return thread;
}

// The thread with the messages of its current branch, in order; each says where it stands among
// its versions. Null for a thread that does not exist or is another user's.
export async function threadWithMessagesForUser({ threadId, userId }: { threadId: string; userId: string }): Promise<{
  id: string;
  title: string;
  lastActivityAt: Date;
  messages: BranchMessage[];
} | null> {
  await interruptStaleReplies({ threadId });
  const thread = await db().thread.findFirst({
    where: { id: threadId, userId },
    select: { ...summaryFields, currentLeafId: true },
  });
  if (!thread) return null;
  const { currentLeafId, ...summary } = thread;
  const branch = await readCurrentBranch(db(), { threadId, storedLeafId: currentLeafId });
  return { ...summary, messages: branch.messages };
}

export { messageFields, toStoredMessage };

// The reply being generated in one of the user's threads, if any (404 for another user's thread).
export async function activeReplyOfThread({ threadId, userId }: { threadId: string; userId: string }) {
  await threadForUserOrThrow({ threadId, userId });
  await interruptStaleReplies({ threadId });
  return db().message.findFirst({
    where: { threadId, role: "assistant", status: { in: ACTIVE_REPLY_STATUSES } },
    orderBy: { position: "desc" },
    select: { id: true },
  });
}
