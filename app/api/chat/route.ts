// POST /api/chat: save the user's message (or retry the last reply) and stream PhoGPT's answer.
import { consumeStream, createUIMessageStreamResponse } from "ai";
import { streamReply } from "@/lib/chat/reply";
import { chatRequestSchema } from "@/lib/chat/schemas";
import { startRetryTurn, startUserTurn } from "@/lib/chat/turns";
import { env } from "@/lib/env";
import { readJson, requireUser, route } from "@/lib/http";

export const POST = route(async (request: Request) => {
  const user = await requireUser();
  const input = await readJson(request, chatRequestSchema(env().MAX_MESSAGE_CHARS));
  const job =
    input.trigger === "submit"
      ? await startUserTurn({ userId: user.id, threadId: input.threadId, text: input.text })
      : await startRetryTurn({ userId: user.id, threadId: input.threadId });
  return createUIMessageStreamResponse({
    stream: streamReply(job),
    // Keep reading after the browser disconnects, so the reply is still completed and saved.
    consumeSseStream: consumeStream,
    headers: { "x-thread-id": job.threadId },
  });
});
