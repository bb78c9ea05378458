// POST /api/threads/:threadId/stop: stop the reply being generated; the partial text is kept.
import { stopReply } from "@/lib/chat/active-replies";
import { threadIdSchema } from "@/lib/chat/schemas";
import { threadForUserOrThrow } from "@/lib/chat/threads";
import { AppError } from "@/lib/errors";
import { requireUser, route } from "@/lib/http";

export const POST = route(async (_request: Request, { params }: { params: Promise<{ threadId: string }> }) => {
  const user = await requireUser();
  const threadId = threadIdSchema.safeParse((await params).threadId);
  if (!threadId.success) throw new AppError("not_found", "No such thread.");
  await threadForUserOrThrow({ threadId: threadId.data, userId: user.id });
  const stopped = stopReply({ threadId: threadId.data, userId: user.id });
  return Response.json({ stopped });
});
