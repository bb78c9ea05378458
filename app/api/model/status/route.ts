// GET /api/model/status: whether the model server answers, and which model it serves.
import { modelServerStatus } from "@/lib/chat/model-status";
import { requireUser, route } from "@/lib/http";

export const GET = route(async () => {
  await requireUser();
  return Response.json(await modelServerStatus(), { headers: { "cache-control": "no-store" } });
});
