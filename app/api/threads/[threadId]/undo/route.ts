// POST /api/threads/:threadId/undo {messageId}: delete the current branch's last exchange
// (messageId: its last message, as the client shows it) and answer its question's text, for the
// composer, with the thread as it is now. 404 for another user's thread or message, 409 while a
// reply is being generated or when the branch changed meanwhile.
import { threadContextStart } from "@/lib/chat/context-start";
import { messageActionSchema, threadIdParam, type ThreadRouteContext } from "@/lib/chat/schemas";
import { threadWithMessagesForUser } from "@/lib/chat/threads";
import { undoLastExchange } from "@/lib/chat/turns";
import { AppError } from "@/lib/errors";
import { readJson, requireUser, route } from "@/lib/http";

export const POST = route(async (request: Request, context: ThreadRouteContext) => {
  const user = await requireUser();
  const threadId = await threadIdParam(context);
  const { messageId } = await readJson(request, messageActionSchema);
  const { text } = await undoLastExchange({ userId: user.id, threadId, messageId });
  const thread = await threadWithMessagesForUser({ threadId, userId: user.id });
  if (!thread) throw new AppError("not_found", "No such thread.");
  const contextStartId = await threadContextStart({ userId: user.id, threadId, messages: thread.messages });
  return Response.json({ text, thread: { ...thread, contextStartId } });
});
