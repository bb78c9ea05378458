// POST /api/chat: save the user's message (or retry / continue the last reply) and stream PhoGPT's answer.
import { streamReply } from "@/lib/chat/reply";
import { chatRequestSchema } from "@/lib/chat/schemas";
import { assertReplySlotFree, startContinueTurn, startRetryTurn, startUserTurn } from "@/lib/chat/turns";
import { env } from "@/lib/env";
import { readJson, requireUser, route } from "@/lib/http";
import { replyStreamResponse } from "@/lib/live/replies";
import { assertMessageAllowed } from "@/lib/rate-limit/limits";

const startTurn = {
  submit: startUserTurn,
  retry: startRetryTurn,
  continue: startContinueTurn,
} as const;

export const POST = route(async (request: Request) => {
  const user = await requireUser();
  await assertMessageAllowed(user.id);
  const input = await readJson(request, chatRequestSchema(env().MAX_MESSAGE_CHARS));
  await assertReplySlotFree({ userId: user.id, limit: env().MAX_ACTIVE_REPLIES_PER_USER });
  const job = await startTurn[input.trigger]({
    userId: user.id,
    threadId: input.threadId,
    text: input.trigger === "submit" ? input.text : "",
  });
  // The server reads the reply to its end whatever the tab does, and keeps it for later readers.
  return replyStreamResponse({
    messageId: job.assistantMessageId,
    stream: await streamReply(job),
    headers: { "x-thread-id": job.threadId },
  });
});
