// Pure pieces of the security work: the CSP, the client address, metrics text, log redaction,
// and the new configuration variables.
import { afterEach, describe, expect, it, vi } from "vitest";
import { ConfigError, parseEnv } from "@/lib/env";
import { logger, withLogContext, addLogContext } from "@/lib/logger";
import {
  recordFirstToken,
  recordHttpRequest,
  recordModelError,
  recordStreamEnded,
  recordStreamStarted,
  recordTokens,
  renderMetrics,
  resetMetricsForTests,
  routeLabel,
} from "@/lib/metrics";
import { CLIENT_ADDRESS_HEADER, clientIp } from "@/lib/security/client-ip";
import { contentSecurityPolicy, newNonce, securityHeaders } from "@/lib/security/headers";
import { requestIdFrom } from "@/lib/security/request-id";

describe("the content security policy", () => {
  it("allows scripts only by nonce, never inline or eval in production", () => {
    const csp = contentSecurityPolicy({ nonce: "abc123", https: false, development: false });
    expect(csp).toContain("script-src 'self' 'nonce-abc123' 'strict-dynamic'");
    expect(csp).not.toContain("unsafe-inline");
    expect(csp).not.toContain("unsafe-eval");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain("upgrade-insecure-requests");
  });

  it("adds the OpenID Provider to form-action and HSTS only over https", () => {
    const headers = securityHeaders({
      nonce: newNonce(),
      https: true,
      development: false,
      formActionOrigins: ["https://id.example.vn"],
    });
    expect(headers["Content-Security-Policy"]).toContain("form-action 'self' https://id.example.vn");
    expect(headers["Strict-Transport-Security"]).toBe("max-age=63072000; includeSubDomains");
    expect(securityHeaders({ nonce: "n", https: false, development: false })["Strict-Transport-Security"]).toBe(
      undefined,
    );
  });

  it("makes a new 128-bit nonce each time", () => {
    const nonces = new Set(Array.from({ length: 50 }, newNonce));
    expect(nonces.size).toBe(50);
    expect([...nonces][0]).toMatch(/^[A-Za-z0-9+/]{22}==$/);
  });
});

describe("the client address", () => {
  const headers = new Headers({ [CLIENT_ADDRESS_HEADER]: "203.0.113.9", "x-forwarded-for": "1.2.3.4, 198.51.100.2" });
  it("is the socket address unless the proxy is trusted", () => {
    expect(clientIp(headers, false)).toBe("203.0.113.9");
  });
  it("is the entry the trusted proxy appended (the rightmost)", () => {
    expect(clientIp(headers, true)).toBe("198.51.100.2");
  });
});

describe("request ids", () => {
  it("keep a well-formed caller id and replace anything else", () => {
    expect(requestIdFrom(new Headers({ "x-request-id": "abc-123_456.7" }))).toBe("abc-123_456.7");
    expect(requestIdFrom(new Headers({ "x-request-id": "<script>" }))).toMatch(/^[0-9a-f-]{36}$/);
    expect(requestIdFrom(new Headers())).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe("metrics", () => {
  afterEach(() => resetMetricsForTests());

  it("label routes without their ids", () => {
    expect(routeLabel("/api/threads/0b9c2f4e-5d6a-4e7b-8c9d-0e1f2a3b4c5d/stop")).toBe("/api/threads/:id/stop");
    expect(routeLabel("/api/threads")).toBe("/api/threads");
  });

  it("render counters, the gauge and the histogram in the Prometheus text format", () => {
    recordHttpRequest("GET", "/api/threads", 200);
    recordHttpRequest("GET", "/api/threads", 200);
    recordStreamStarted();
    recordStreamStarted();
    recordStreamEnded();
    recordFirstToken(180);
    recordTokens(42);
    recordModelError("unavailable");
    const text = renderMetrics();
    expect(text).toContain('phogpt_http_requests_total{method="GET",route="/api/threads",status="200"} 2');
    expect(text).toContain("phogpt_streams_in_flight 1");
    expect(text).toContain('phogpt_time_to_first_token_seconds_bucket{le="0.1"} 0');
    expect(text).toContain('phogpt_time_to_first_token_seconds_bucket{le="0.25"} 1');
    expect(text).toContain("phogpt_time_to_first_token_seconds_count 1");
    expect(text).toContain("phogpt_tokens_streamed_total 42");
    expect(text).toContain('phogpt_model_errors_total{kind="unavailable"} 1');
  });
});

describe("logs", () => {
  it("carry the request and user ids and redact content and secrets", () => {
    const lines: string[] = [];
    const spy = vi.spyOn(console, "log").mockImplementation((line: string) => void lines.push(line));
    withLogContext({ requestId: "req-1" }, () => {
      addLogContext({ userId: "user-1" });
      logger.info("something happened", { text: "Tin nhắn riêng", password: "bí mật", threadId: "t-1" });
    });
    spy.mockRestore();
    expect(JSON.parse(lines[0] ?? "{}")).toMatchObject({
      level: "info",
      message: "something happened",
      requestId: "req-1",
      userId: "user-1",
      text: "[redacted]",
      password: "[redacted]",
      threadId: "t-1",
    });
    expect(lines[0]).not.toContain("Tin nhắn riêng");
  });
});

describe("security configuration", () => {
  it("has safe defaults", () => {
    const env = parseEnv({});
    expect(env).toMatchObject({
      TRUST_PROXY: false,
      RATE_LIMIT_SIGN_IN_PER_ACCOUNT: 5,
      RATE_LIMIT_SIGN_IN_PER_IP: 20,
      RATE_LIMIT_REGISTER_PER_IP: 5,
      RATE_LIMIT_MESSAGES_PER_MINUTE: 20,
      RATE_LIMIT_MESSAGES_PER_DAY: 500,
      RATE_LIMIT_SHARES_PER_HOUR: 30,
      RATE_LIMIT_STORE: "database",
      PASSWORD_RESET_TTL_MINUTES: 30,
    });
    expect(env.METRICS_TOKEN).toBeUndefined();
    expect(env.SMTP_URL).toBeUndefined();
    expect(parseEnv({ TRUST_PROXY: "true" }).TRUST_PROXY).toBe(true);
  });

  it.each([
    [{ OIDC_ISSUER: "https://id.example.vn" }, "OIDC_CLIENT_ID"],
    [{ SMTP_URL: "http://mail" }, "SMTP_URL"],
    [{ METRICS_TOKEN: "short" }, "METRICS_TOKEN"],
    [{ TRUST_PROXY: "yes" }, "TRUST_PROXY"],
    [{ NODE_ENV: "production", AUTH_SECRET: "x".repeat(32), SMTP_URL: "smtp://mail:25" }, "AUTH_URL"],
  ])("refuses %j with a message naming %s", (source, name) => {
    expect(() => parseEnv(source)).toThrow(ConfigError);
    expect(() => parseEnv(source)).toThrow(name);
  });
});
