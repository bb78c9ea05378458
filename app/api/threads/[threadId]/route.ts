// GET /api/threads/:threadId: one of the user's threads with all its messages, and where the
// model's context began for its last reply (`contextStartId`, null when nothing was left out).
// PATCH /api/threads/:threadId {title}: rename it. DELETE: delete it with its messages (a reply
// still generating is stopped first).
import { threadContextStart } from "@/lib/chat/context-start";
import { threadIdParam, type ThreadRouteContext } from "@/lib/chat/schemas";
import { deleteThreadForUser, renameThreadForUser, renameThreadSchema } from "@/lib/chat/thread-list";
import { threadWithMessagesForUser } from "@/lib/chat/threads";
import { AppError } from "@/lib/errors";
import { readJson, requireUser, route } from "@/lib/http";

export const GET = route(async (_request: Request, context: ThreadRouteContext) => {
  const user = await requireUser();
  const thread = await threadWithMessagesForUser({ threadId: await threadIdParam(context), userId: user.id });
  if (!thread) throw new AppError("not_found", "No such thread.");
  const contextStartId = await threadContextStart({ userId: user.id, threadId: thread.id, messages: thread.messages });
  return Response.json({ thread: { ...thread, contextStartId } });
});

export const PATCH = route(async (request: Request, context: ThreadRouteContext) => {
  const user = await requireUser();
  const threadId = await threadIdParam(context);
  const { title } = await readJson(request, renameThreadSchema);
  const thread = await renameThreadForUser({ threadId, userId: user.id, title });
  return Response.json({ thread });
});

export const DELETE = route(async (_request: Request, context: ThreadRouteContext) => {
  const user = await requireUser();
  await deleteThreadForUser({ threadId: await threadIdParam(context), userId: user.id });
  return new Response(null, { status: 204 });
});
