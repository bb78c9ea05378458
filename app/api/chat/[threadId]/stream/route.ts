// GET /api/chat/:threadId/stream: follow the reply being generated in a thread, from its first
// chunk, from any tab or instance (useChat's resume); 204 when no reply is being generated.
import { threadIdParam, type ThreadRouteContext } from "@/lib/chat/schemas";
import { activeReplyOfThread } from "@/lib/chat/threads";
import { requireUser, route } from "@/lib/http";
import { REPLY_STREAM_HEADERS, resumeReplyStream } from "@/lib/live/replies";

export const GET = route(async (_request: Request, context: ThreadRouteContext) => {
  const user = await requireUser();
  const threadId = await threadIdParam(context);
  const reply = await activeReplyOfThread({ threadId, userId: user.id });
  const stream = reply ? await resumeReplyStream(reply.id) : null;
  if (!stream) return new Response(null, { status: 204 });
  return new Response(stream.pipeThrough(new TextEncoderStream()), { headers: REPLY_STREAM_HEADERS });
});
