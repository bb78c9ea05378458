import "server-only";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { ACTIVE_REPLY_STATUSES, interruptStaleReplies } from "./stale-replies";

// Every function here takes the owner's id: a thread or message of another
// user is indistinguishable from one that does not exist (404).

export type MessageRole = "user" | "assistant";
export type MessageStatus = "pending" | "streaming" | "complete" | "stopped" | "failed" | "interrupted";

export interface ThreadSummary {
  id: string;
  title: string;
  lastActivityAt: Date;
}

export interface StoredMessage {
  id: string;
  position: number;
  role: MessageRole;
  content: string;
  status: MessageStatus;
  errorCode: string | null;
  finishReason: string | null;
  // Tokens of the message's prompt fragment, when counted (see token-counts.ts).
  tokenCount: number | null;
  createdAt: Date;
}

const summaryFields = { id: true, title: true, lastActivityAt: true } as const;
const messageFields = {
  id: true,
  position: true,
  role: true,
  content: true,
  status: true,
  errorCode: true,
  finishReason: true,
  tokenCount: true,
  createdAt: true,
} as const;

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

export async function threadWithMessagesForUser({ threadId, userId }: { threadId: string; userId: string }) {
  await interruptStaleReplies({ threadId });
  const thread = await db().thread.findFirst({
    where: { id: threadId, userId },
    select: { ...summaryFields, messages: { orderBy: { position: "asc" }, select: messageFields } },
  });
  if (!thread) return null;
  return { ...thread, messages: thread.messages.map(toStoredMessage) };
}

export function toStoredMessage<T extends { role: string; status: string }>(message: T) {
  return { ...message, role: message.role as MessageRole, status: message.status as MessageStatus };
}

export { messageFields };

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
