import { z } from "zod";

// Reason codes are dictionary keys under `error.*`.
export function messageTextSchema(maxChars: number) {
  return z
    .string({ error: "message_empty" })
    .trim()
    .min(1, { error: "message_empty" })
    .max(maxChars, { error: "message_too_long" });
}

export const threadIdSchema = z.uuid({ error: "invalid thread id" });

export function chatRequestSchema(maxChars: number) {
  return z.discriminatedUnion("trigger", [
    z.object({ trigger: z.literal("submit"), threadId: threadIdSchema, text: messageTextSchema(maxChars) }),
    z.object({ trigger: z.literal("retry"), threadId: threadIdSchema }),
    z.object({ trigger: z.literal("continue"), threadId: threadIdSchema }),
  ]);
}

export type ChatRequest = z.infer<ReturnType<typeof chatRequestSchema>>;
