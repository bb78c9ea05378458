// POST /api/threads/:threadId/stop: stop the reply being generated, wherever it runs; the partial text is kept.
import { threadIdSchema } from "@/lib/chat/schemas";
import { activeReplyOfThread } from "@/lib/chat/threads";
import { AppError } from "@/lib/errors";
import { requireUser, route } from "@/lib/http";
import { requestStop } from "@/lib/live/replies";

export const POST = route(async (_request: Request, { params }: { params: Promise<{ threadId: string }> }) => {
  const user = await requireUser();
  const threadId = threadIdSchema.safeParse((await params).threadId);
  if (!threadId.success) throw new AppError("not_found", "No such thread.");
  const reply = await activeReplyOfThread({ threadId: threadId.data, userId: user.id });
  const stopped = reply ? await requestStop(reply.id) : false;
  return Response.json({ stopped });
});
