// GET /api/threads: the signed-in user's threads, most recently active first.
import { threadsForUser } from "@/lib/chat/threads";
import { requireUser, route } from "@/lib/http";

export const GET = route(async () => {
  const user = await requireUser();
  const threads = await threadsForUser({ userId: user.id });
  return Response.json({ threads });
});
