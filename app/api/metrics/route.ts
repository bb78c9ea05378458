// GET /api/metrics: this instance's metrics in the Prometheus text format, for a scraper holding
// METRICS_TOKEN (Authorization: Bearer …). 404 while METRICS_TOKEN is unset (the endpoint does
// not exist), 401 for a missing or wrong token.
import { timingSafeEqual } from "node:crypto";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { route } from "@/lib/http";
import { renderMetrics } from "@/lib/metrics";

function sameToken(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

export const GET = route(async (request: Request) => {
  const expected = env().METRICS_TOKEN;
  if (!expected) throw new AppError("not_found", "Not found.");
  const given = request.headers.get("authorization")?.match(/^Bearer (.+)$/)?.[1] ?? "";
  if (!sameToken(given, expected)) throw new AppError("unauthorized", "A valid metrics token is required.");
  return new Response(renderMetrics(), {
    headers: { "content-type": "text/plain; version=0.0.4; charset=utf-8", "cache-control": "no-store" },
  });
});
