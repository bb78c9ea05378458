// POST /api/threads/:threadId/shares: a new read-only public link to a copy of the thread as it is now.
// GET  /api/threads/:threadId/shares: the thread's links, newest first.
import { createSharedLink, sharedLinksOfThread, shareUrl } from "@/lib/chat/shares";
import { threadIdParam, type ThreadRouteContext } from "@/lib/chat/schemas";
import { requireUser, route } from "@/lib/http";
import { assertShareAllowed } from "@/lib/rate-limit/limits";

export const POST = route(async (request: Request, context: ThreadRouteContext) => {
  const threadId = await threadIdParam(context);
  const user = await requireUser();
  await assertShareAllowed(user.id);
  const link = await createSharedLink({ threadId, userId: user.id });
  return Response.json({ share: { ...link, url: shareUrl(link.id, request.url) } }, { status: 201 });
});

export const GET = route(async (request: Request, context: ThreadRouteContext) => {
  const threadId = await threadIdParam(context);
  const user = await requireUser();
  const links = await sharedLinksOfThread({ threadId, userId: user.id });
  return Response.json(
    { shares: links.map((link) => ({ ...link, url: shareUrl(link.id, request.url) })) },
    { headers: { "cache-control": "no-store" } },
  );
});
