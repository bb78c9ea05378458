// DELETE /api/shares/:shareId: revoke one of the user's share links; it answers 404 from then on.
import { revokeSharedLink } from "@/lib/chat/shares";
import { requireUser, route } from "@/lib/http";

interface ShareRouteContext {
  params: Promise<{ shareId: string }>;
}

export const DELETE = route(async (_request: Request, { params }: ShareRouteContext) => {
  const { shareId } = await params;
  const user = await requireUser();
  await revokeSharedLink({ shareId, userId: user.id });
  return new Response(null, { status: 204 });
});
