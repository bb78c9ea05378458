// GET /api/health: liveness; answers as long as the process serves requests.
export function GET() {
  return Response.json({ status: "ok" }, { headers: { "cache-control": "no-store" } });
}
