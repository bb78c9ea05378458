// GET /api/metrics: Prometheus text for a scraper holding METRICS_TOKEN (set in playwright.config.ts);
// 401 JSON without it. (Unset, the endpoint answers 404: e2e/security-headers.spec.ts.)
import { expect, test } from "@playwright/test";
import { registerAndSignIn } from "./support/accounts";

const token = "e2e-metrics-token-0123456789";

test("the metrics endpoint needs the token", async ({ request }) => {
  for (const authorization of [undefined, "Bearer wrong-token-wrong-token", `Basic ${token}`, token]) {
    const response = await request.get("/api/metrics", { headers: authorization ? { authorization } : {} });
    expect(response.status(), String(authorization)).toBe(401);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe("unauthorized");
  }
});

test("the metrics are Prometheus text: requests, streams, time to first token, tokens, model errors", async ({
  request,
}) => {
  await registerAndSignIn(request);
  expect((await request.get("/api/threads")).status()).toBe(200);
  const response = await request.get("/api/metrics", { headers: { authorization: `Bearer ${token}` } });
  expect(response.status()).toBe(200);
  expect(response.headers()["content-type"]).toContain("text/plain; version=0.0.4");
  const text = await response.text();
  for (const [name, type] of [
    ["phogpt_http_requests_total", "counter"],
    ["phogpt_streams_in_flight", "gauge"],
    ["phogpt_time_to_first_token_seconds", "histogram"],
    ["phogpt_tokens_streamed_total", "counter"],
    ["phogpt_model_errors_total", "counter"],
    ["phogpt_rate_limited_total", "counter"],
    ["phogpt_sign_ins_total", "counter"],
  ]) {
    expect(text).toContain(`# TYPE ${name} ${type}`);
  }
  expect(text).toMatch(/^phogpt_http_requests_total\{method="GET",route="\/api\/threads",status="200"\} \d+$/m);
  expect(text).toMatch(/^phogpt_sign_ins_total\{method="password",result="success"\} \d+$/m);
  expect(text).toMatch(/^phogpt_time_to_first_token_seconds_bucket\{le="\+Inf"\} \d+$/m);
  // Every sample line is `name{labels} value`.
  for (const line of text.split("\n").filter((candidate) => candidate && !candidate.startsWith("#"))) {
    expect(line).toMatch(/^[a-z_]+(\{[^}]*\})? [0-9.e+-]+$/);
  }
});
