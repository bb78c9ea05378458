import { z } from "zod";
import { AppError } from "@/lib/errors";

// Reason codes are dictionary keys under `error.*`.
export function messageTextSchema(maxChars: number) {
  return z
    .string({ error: "message_empty" })
    .trim()
    .min(1, { error: "message_empty" })
    .max(maxChars, { error: "message_too_long" });
}

export const threadIdSchema = z.uuid({ error: "invalid thread id" });
export const messageIdSchema = z.uuid({ error: "invalid message id" });

// Built once per length limit (fixed at start-up): building it costs more than parsing a request.
const chatRequestSchemas = new Map<number, ReturnType<typeof buildChatRequestSchema>>();

export function chatRequestSchema(maxChars: number) {
  let schema = chatRequestSchemas.get(maxChars);
  if (!schema) chatRequestSchemas.set(maxChars, (schema = buildChatRequestSchema(maxChars)));
  return schema;
}

function buildChatRequestSchema(maxChars: number) {
  return z.discriminatedUnion("trigger", [
    z.object({
      trigger: z.literal("submit"),
      threadId: threadIdSchema,
      text: messageTextSchema(maxChars),
      // The last message of the branch the sender sees (optional): answered on that branch or refused.
      leafId: messageIdSchema.optional(),
    }),
    z.object({ trigger: z.literal("retry"), threadId: threadIdSchema }),
    z.object({ trigger: z.literal("continue"), threadId: threadIdSchema }),
    // A new version of the branch's last reply.
    z.object({ trigger: z.literal("regenerate"), threadId: threadIdSchema, messageId: messageIdSchema }),
    // A new version of a user message of the branch, with new text; the conversation forks there.
    z.object({
      trigger: z.literal("edit"),
      threadId: threadIdSchema,
      messageId: messageIdSchema,
      text: messageTextSchema(maxChars),
    }),
  ]);
}

export type ChatRequest = z.infer<ReturnType<typeof chatRequestSchema>>;

// Undo and switching versions name a message of the thread in the URL.
export const messageActionSchema = z.object({ messageId: messageIdSchema });

export interface ThreadRouteContext {
  params: Promise<{ threadId: string }>;
}

// The thread id of a route's URL; anything that is not one answers like an unknown thread (404).
export async function threadIdParam({ params }: ThreadRouteContext): Promise<string> {
  const threadId = threadIdSchema.safeParse((await params).threadId);
  if (!threadId.success) throw new AppError("not_found", "No such thread.");
  return threadId.data;
}
