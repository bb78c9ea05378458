// GET /api/shares: the signed-in user's share links, newest first.
import { sharedLinksForUser, shareUrl } from "@/lib/chat/shares";
import { requireUser, route } from "@/lib/http";

export const GET = route(async (request: Request) => {
  const user = await requireUser();
  const links = await sharedLinksForUser({ userId: user.id });
  return Response.json(
    { shares: links.map((link) => ({ ...link, url: shareUrl(link.id, request.url) })) },
    { headers: { "cache-control": "no-store" } },
  );
});
