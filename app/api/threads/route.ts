// GET /api/threads?cursor=&limit=: one page of the signed-in user's threads, most recently active
// first, with the cursor of the next page (null after the last).
// DELETE /api/threads {confirm:"DELETE"}: delete every thread of the user with its messages.
import { z } from "zod";
import {
  deleteAllThreadsForUser,
  deleteAllThreadsSchema,
  THREAD_PAGE_DEFAULT,
  THREAD_PAGE_MAX,
  threadPageForUser,
} from "@/lib/chat/thread-list";
import { AppError } from "@/lib/errors";
import { readJson, requireUser, route } from "@/lib/http";

const pageQuery = z.object({
  cursor: z.string().min(1).max(200).optional(),
  limit: z.coerce.number().int().min(1).max(THREAD_PAGE_MAX).default(THREAD_PAGE_DEFAULT),
});

function parsePageQuery(request: Request) {
  const params = new URL(request.url).searchParams;
  const query = pageQuery.safeParse({
    cursor: params.get("cursor") ?? undefined,
    limit: params.get("limit") ?? undefined,
  });
  if (!query.success) {
    const field = String(query.error.issues[0]?.path[0] ?? "query");
    throw new AppError(
      "bad_request",
      `${field}: ${field === "limit" ? `a whole number from 1 to ${THREAD_PAGE_MAX}` : "not a valid cursor"}.`,
      {
        [field]: field === "limit" ? "limit_invalid" : "cursor_invalid",
      },
    );
  }
  return query.data;
}

export const GET = route(async (request: Request) => {
  const query = parsePageQuery(request);
  const user = await requireUser();
  const page = await threadPageForUser({ userId: user.id, cursor: query.cursor, limit: query.limit });
  return Response.json(page);
});

export const DELETE = route(async (request: Request) => {
  const user = await requireUser();
  await readJson(request, deleteAllThreadsSchema);
  const deleted = await deleteAllThreadsForUser({ userId: user.id });
  return Response.json({ deleted });
});
