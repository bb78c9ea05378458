// GET /api/export: everything the app stores about the signed-in user, as one JSON file.
import { attachment, everythingOfUser } from "@/lib/chat/export";
import { requireUser, route } from "@/lib/http";

export const GET = route(async () => {
  const user = await requireUser();
  const data = await everythingOfUser(user.id);
  return Response.json(data, {
    headers: {
      "content-disposition": attachment(`phogpt-chat-${new Date().toISOString().slice(0, 10)}.json`),
      "cache-control": "no-store",
    },
  });
});
