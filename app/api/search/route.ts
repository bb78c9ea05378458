// GET /api/search?q=…&cursor=…: the signed-in user's threads and messages matching q (see lib/search).
import { requireUser, route } from "@/lib/http";
import { parseSearchParams } from "@/lib/search/params";
import { searchThreads } from "@/lib/search/search";

export const GET = route(async (request: Request) => {
  const params = parseSearchParams(new URL(request.url).searchParams);
  const user = await requireUser();
  const page = await searchThreads({ userId: user.id, query: params.q, cursor: params.cursor });
  return Response.json(page, { headers: { "cache-control": "no-store" } });
});
