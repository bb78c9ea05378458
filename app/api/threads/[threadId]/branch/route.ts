// POST /api/threads/:threadId/branch {messageId}: show the branch through one of the thread's
// messages (switching to another version of it); answers the thread as GET /api/threads/:id does.
// 404 for another user's thread or a message not in it, 409 while a reply is being generated.
import { threadContextStart } from "@/lib/chat/context-start";
import { messageActionSchema, threadIdParam, type ThreadRouteContext } from "@/lib/chat/schemas";
import { threadWithMessagesForUser } from "@/lib/chat/threads";
import { showBranchOfMessage } from "@/lib/chat/turns";
import { AppError } from "@/lib/errors";
import { readJson, requireUser, route } from "@/lib/http";

export const POST = route(async (request: Request, context: ThreadRouteContext) => {
  const user = await requireUser();
  const threadId = await threadIdParam(context);
  const { messageId } = await readJson(request, messageActionSchema);
  await showBranchOfMessage({ userId: user.id, threadId, messageId });
  const thread = await threadWithMessagesForUser({ threadId, userId: user.id });
  if (!thread) throw new AppError("not_found", "No such thread.");
  const contextStartId = await threadContextStart({ userId: user.id, threadId, messages: thread.messages });
  return Response.json({ thread: { ...thread, contextStartId } });
});
