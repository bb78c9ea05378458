import "server-only";
import { z } from "zod";
import { db } from "@/lib/db";

// A search result opens its thread at the message (/c/<threadId>?message=<messageId>). The id is
// honoured only when it names a message of that thread, owned by the user; anything else is
// ignored, so another user's message id reveals nothing.

const messageIdSchema = z.string().min(1).max(64);

export type MessageInThread =
  | { thread: "missing" } // not the user's thread (or none): the page answers 404 as without the parameter
  | { thread: "own"; messageId: string | null }; // null: the id is not one of this thread's messages

/** Whether the `message` search parameter names a message of the user's thread. */
export async function messageInThread({
  userId,
  threadId,
  messageId,
}: {
  userId: string;
  threadId: string;
  messageId: unknown;
}): Promise<MessageInThread> {
  const parsed = messageIdSchema.safeParse(messageId);
  const thread = await db().thread.findFirst({
    where: { id: threadId, userId },
    select: { messages: { where: { id: parsed.success ? parsed.data : "" }, select: { id: true } } },
  });
  if (!thread) return { thread: "missing" };
  return { thread: "own", messageId: parsed.success ? (thread.messages[0]?.id ?? null) : null };
}
