// POST /api/chat: save the user's message (or retry / continue / regenerate the last reply, or
// edit a question of the current branch) and stream PhoGPT's answer.
import { streamReply } from "@/lib/chat/reply";
import { chatRequestSchema, type ChatRequest } from "@/lib/chat/schemas";
import {
  startContinueTurn,
  startEditTurn,
  startRegenerateTurn,
  startRetryTurn,
  startUserTurn,
  withFreeReplySlot,
  type ReplyJob,
} from "@/lib/chat/turns";
import { env } from "@/lib/env";
import { readJson, requireUser, route } from "@/lib/http";
import { replyStreamResponse } from "@/lib/live/replies";
import { assertMessageAllowed } from "@/lib/rate-limit/limits";
import { nextTurn } from "@/lib/loop-turns";
import { withMemo } from "@/lib/request-memo";

// The turn's start reads the user row once (session check and generation settings); it never writes it.
export const POST = route((request: Request) => withMemo(() => chat(request)));

async function chat(request: Request): Promise<Response> {
  const user = await requireUser();
  await assertMessageAllowed(user.id);
  const input = await readJson(request, chatRequestSchema(env().MAX_MESSAGE_CHARS));
  const slot = { userId: user.id, limit: env().MAX_ACTIVE_REPLIES_PER_USER };
  const job = await withFreeReplySlot(slot, () => startTurn(user.id, input));
  // Setting up the response and the model call is another piece of the start (lib/loop-turns.ts).
  await nextTurn();
  // The server reads the reply to its end whatever the tab does, and keeps it for later readers.
  return replyStreamResponse({
    messageId: job.assistantMessageId,
    stream: await streamReply(job),
    headers: { "x-thread-id": job.threadId },
  });
}

function startTurn(userId: string, input: ChatRequest): Promise<ReplyJob> {
  const { threadId } = input;
  switch (input.trigger) {
    case "submit":
      return startUserTurn({ userId, threadId, text: input.text, leafId: input.leafId });
    case "retry":
      return startRetryTurn({ userId, threadId });
    case "continue":
      return startContinueTurn({ userId, threadId });
    case "regenerate":
      return startRegenerateTurn({ userId, threadId, messageId: input.messageId });
    case "edit":
      return startEditTurn({ userId, threadId, messageId: input.messageId, text: input.text });
  }
}
