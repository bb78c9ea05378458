// GET /api/threads/:threadId: one of the user's threads with all its messages, and where the
// model's context began for its last reply (`contextStartId`, null when nothing was left out).
import { threadContextStart } from "@/lib/chat/context-start";
import { threadIdParam, type ThreadRouteContext } from "@/lib/chat/schemas";
import { threadWithMessagesForUser } from "@/lib/chat/threads";
import { AppError } from "@/lib/errors";
import { requireUser, route } from "@/lib/http";

export const GET = route(async (_request: Request, context: ThreadRouteContext) => {
  const user = await requireUser();
  const thread = await threadWithMessagesForUser({ threadId: await threadIdParam(context), userId: user.id });
  if (!thread) throw new AppError("not_found", "No such thread.");
  const contextStartId = await threadContextStart({ userId: user.id, threadId: thread.id, messages: thread.messages });
  return Response.json({ thread: { ...thread, contextStartId } });
});
