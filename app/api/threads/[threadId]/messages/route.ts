// GET /api/threads/:threadId/messages?before=<position>&limit=<n>: a page of one of the user's
// threads, the last `limit` messages before `before` (the newest page without it), oldest first,
// and whether older ones exist. The newest page also says where the model's context began for the
// last reply (`contextStartId`), as GET /api/threads/:threadId does.
import { z } from "zod";
import { threadContextStart } from "@/lib/chat/context-start";
import { MAX_MESSAGE_PAGE_SIZE, MESSAGE_PAGE_SIZE, olderPage } from "@/lib/chat/message-window";
import { threadIdParam, type ThreadRouteContext } from "@/lib/chat/schemas";
import { threadWithMessagesForUser } from "@/lib/chat/threads";
import { AppError, type FieldErrors } from "@/lib/errors";
import { requireUser, route } from "@/lib/http";

// Plain decimal integers only: "1e3", "0x10", " 5" and "" are refused, not coerced.
const integer = z
  .string()
  .regex(/^\d{1,9}$/)
  .transform(Number);

const querySchema = z.object({
  before: integer.optional(),
  limit: integer.pipe(z.number().min(1).max(MAX_MESSAGE_PAGE_SIZE)).default(MESSAGE_PAGE_SIZE),
});

function parseQuery(url: URL) {
  const query = querySchema.safeParse({
    before: url.searchParams.get("before") ?? undefined,
    limit: url.searchParams.get("limit") ?? undefined,
  });
  if (query.success) return query.data;
  const fields: FieldErrors = {};
  for (const issue of query.error.issues) fields[String(issue.path[0] ?? "query")] = "invalid";
  throw new AppError("bad_request", `before must be a position and limit 1 to ${MAX_MESSAGE_PAGE_SIZE}.`, fields);
}

export const GET = route(async (request: Request, context: ThreadRouteContext) => {
  const { before, limit } = parseQuery(new URL(request.url));
  const user = await requireUser();
  const thread = await threadWithMessagesForUser({ threadId: await threadIdParam(context), userId: user.id });
  if (!thread) throw new AppError("not_found", "No such thread.");
  const page = olderPage(thread.messages, { before, limit });
  const contextStartId =
    before === undefined
      ? await threadContextStart({ userId: user.id, threadId: thread.id, messages: thread.messages })
      : undefined;
  return Response.json({ ...page, ...(contextStartId !== undefined ? { contextStartId } : {}) });
});
