// Security headers and cookie attributes, read from real responses of the production build:
// a nonce-based CSP without 'unsafe-inline' scripts, no framing, HSTS only for an https site,
// and session cookies that are HttpOnly, SameSite=Lax and (for an https site) Secure.
import { expect, test, type APIResponse } from "@playwright/test";
import { registerAndSignIn, registerInBrowser, newTestUser } from "./support/accounts";
import { cookieNamed, setCookies, startSecurityApp } from "../tests/support/security-app";

function directives(csp: string): Map<string, string[]> {
  return new Map(
    csp
      .split(";")
      .map((part) => part.trim().split(/\s+/))
      .filter((parts) => parts[0])
      .map(([name = "", ...values]) => [name, values]),
  );
}

function expectStrictCsp(response: APIResponse | Response) {
  const csp =
    response.headers instanceof Headers
      ? response.headers.get("content-security-policy")
      : response.headers()["content-security-policy"];
  expect(csp).toBeTruthy();
  const policy = directives(csp ?? "");
  const scripts = policy.get("script-src") ?? [];
  expect(scripts).toContain("'strict-dynamic'");
  expect(scripts.some((value) => /^'nonce-[A-Za-z0-9+/=]{16,}'$/.test(value))).toBe(true);
  expect(scripts).not.toContain("'unsafe-inline'");
  expect(scripts).not.toContain("'unsafe-eval'");
  expect(policy.get("frame-ancestors")).toEqual(["'none'"]);
  expect(policy.get("object-src")).toEqual(["'none'"]);
  expect(policy.get("base-uri")).toEqual(["'none'"]);
  expect(policy.get("form-action")).toEqual(["'self'"]);
  return scripts.find((value) => value.startsWith("'nonce-"))?.slice("'nonce-".length, -1) ?? "";
}

test("pages carry a fresh script nonce, and every script of the page carries it", async ({ request }) => {
  const first = await request.get("/sign-in");
  const second = await request.get("/sign-in");
  const nonce = expectStrictCsp(first);
  expect(expectStrictCsp(second)).not.toBe(nonce);

  const html = await first.text();
  const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((match) => match[0]);
  expect(scripts.length).toBeGreaterThan(0);
  for (const tag of scripts) expect(tag, tag).toContain(`nonce="${nonce}"`);

  const headers = first.headers();
  expect(headers["x-content-type-options"]).toBe("nosniff");
  expect(headers["referrer-policy"]).toBe("strict-origin-when-cross-origin");
  expect(headers["x-frame-options"]).toBe("DENY");
  // Plain http (the loopback test site): no HSTS.
  expect(headers["strict-transport-security"]).toBeUndefined();
});

test("API answers carry the headers and a request id, echoing a well-formed one", async ({ request }) => {
  const anonymous = await request.get("/api/threads", { headers: { "x-request-id": "test-request-0001" } });
  expect(anonymous.status()).toBe(401);
  expect(anonymous.headers()["x-request-id"]).toBe("test-request-0001");
  expect(anonymous.headers()["x-content-type-options"]).toBe("nosniff");
  expectStrictCsp(anonymous);
  const generated = await request.get("/api/health", { headers: { "x-request-id": "<script>" } });
  expect(generated.headers()["x-request-id"]).toMatch(/^[0-9a-f-]{36}$/);
});

test("the app runs under its CSP: no violation while registering and chatting", async ({ page }) => {
  const violations: string[] = [];
  page.on("console", (message) => {
    if (/Content.Security.Policy|Refused to/i.test(message.text())) violations.push(message.text());
  });
  await registerInBrowser(page);
  const composer = page.getByRole("textbox", { name: "Tin nhắn gửi PhoGPT" });
  await composer.fill("Xin chào");
  await composer.press("Enter");
  await expect(page).toHaveURL(/\/c\/[0-9a-f-]{36}$/);
  await page.goto("/account");
  await expect(page.getByRole("heading", { name: "Tài khoản", level: 1 })).toBeVisible();
  expect(violations).toEqual([]);
});

test("session cookies are HttpOnly and SameSite=Lax (not Secure over plain http)", async ({ playwright, baseURL }) => {
  const csrf = await fetch(`${baseURL}/api/auth/csrf`);
  const csrfCookie = cookieNamed(setCookies(csrf), "authjs.csrf-token") ?? "";
  expect(csrfCookie).toMatch(/; HttpOnly/i);
  expect(csrfCookie).toMatch(/; SameSite=Lax/i);
  expect(csrfCookie).not.toMatch(/; Secure/i);

  const request = await playwright.request.newContext({ baseURL });
  await registerAndSignIn(request, newTestUser());
  const state = await request.storageState();
  const session = state.cookies.find((cookie) => cookie.name === "authjs.session-token");
  expect(session, JSON.stringify(state.cookies)).toBeDefined();
  expect(session?.httpOnly).toBe(true);
  expect(session?.sameSite).toBe("Lax");
  await request.dispose();
});

test("an https site gets HSTS, upgrade-insecure-requests and Secure, prefixed cookies", async () => {
  const site = await startSecurityApp("https-headers", { AUTH_URL: "https://chat.example.test" });
  try {
    const page = await fetch(`${site.app.url}/sign-in`);
    expect(page.headers.get("strict-transport-security")).toBe("max-age=63072000; includeSubDomains");
    expectStrictCsp(page);
    expect(page.headers.get("content-security-policy")).toContain("upgrade-insecure-requests");
    // METRICS_TOKEN is unset on this app: the metrics endpoint does not exist.
    expect((await fetch(`${site.app.url}/api/metrics`, { headers: { authorization: "Bearer x" } })).status).toBe(404);

    const csrf = await fetch(`${site.app.url}/api/auth/csrf`);
    const csrfCookie = cookieNamed(setCookies(csrf), "__Host-authjs.csrf-token") ?? "";
    expect(csrfCookie).toMatch(/; Secure/i);
    expect(csrfCookie).toMatch(/; HttpOnly/i);
    const { csrfToken } = (await csrf.json()) as { csrfToken: string };

    const user = newTestUser();
    const created = await fetch(`${site.app.url}/api/register`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(user),
    });
    expect(created.status).toBe(201);
    const signIn = await fetch(`${site.app.url}/api/auth/callback/credentials`, {
      method: "POST",
      redirect: "manual",
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        cookie: csrfCookie.split(";")[0] ?? "",
      },
      body: new URLSearchParams({ csrfToken, email: user.email, password: user.password, callbackUrl: "/" }),
    });
    expect(signIn.status).toBe(302);
    expect(signIn.headers.get("location")).toBe("https://chat.example.test/");
    const session = cookieNamed(setCookies(signIn), "__Secure-authjs.session-token") ?? "";
    expect(session).toMatch(/; Secure/i);
    expect(session).toMatch(/; HttpOnly/i);
    expect(session).toMatch(/; SameSite=Lax/i);
    expect(session).toMatch(/; Path=\//i);
  } finally {
    await site.close();
  }
});
