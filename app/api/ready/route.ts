// GET /api/ready: readiness of this instance: the database and the model server, reported separately.
import { env } from "@/lib/env";
import { route } from "@/lib/http";
import { checkReadiness } from "@/lib/readiness";

export const GET = route(async () => {
  const readiness = await checkReadiness(env().DATABASE_URL);
  return Response.json(readiness, { status: readiness.ready ? 200 : 503, headers: { "cache-control": "no-store" } });
});
