import "server-only";
import { z } from "zod";
import { db } from "@/lib/db";

// A search result opens its thread at the message (/c/<threadId>?message=<messageId>). The id is
// honoured only when it names a message of that thread, owned by the user; anything else is
// ignored, so another user's message id reveals nothing.

const messageIdSchema = z.string().min(1).max(64);

/** The `message` search parameter when it names a message of the user's thread, else null. */
export async function messageOfThread({
  userId,
  threadId,
  messageId,
}: {
  userId: string;
  threadId: string;
  messageId: unknown;
}): Promise<string | null> {
  const parsed = messageIdSchema.safeParse(messageId);
  if (!parsed.success) return null;
  const message = await db().message.findFirst({
    where: { id: parsed.data, threadId, thread: { id: threadId, userId } },
    select: { id: true },
  });
  return message?.id ?? null;
}
