// POST /api/threads/:threadId/stop: stop the reply being generated, wherever it runs; the partial text is kept.
import { threadIdParam, type ThreadRouteContext } from "@/lib/chat/schemas";
import { activeReplyOfThread } from "@/lib/chat/threads";
import { requireUser, route } from "@/lib/http";
import { requestStop } from "@/lib/live/replies";

export const POST = route(async (_request: Request, context: ThreadRouteContext) => {
  const user = await requireUser();
  const threadId = await threadIdParam(context);
  const reply = await activeReplyOfThread({ threadId, userId: user.id });
  const stopped = reply ? await requestStop(reply.id) : false;
  return Response.json({ stopped });
});
