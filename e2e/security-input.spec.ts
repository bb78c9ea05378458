// Hostile input sweep: every API route that reads a body gets malformed JSON, wrong types, a body
// over 1 MB, control characters and invalid UTF-8; each answer is a 4xx JSON error, the server
// keeps serving, and the stored data is unchanged. HTML and Markdown in messages and names are
// stored verbatim and shown as inert text.
//
// Add new routes to `bodyRoutes` (fields: the names the route reads, for the wrong-type bodies).
import { randomUUID } from "node:crypto";
import { expect, request as playwrightRequest, test, type APIRequestContext } from "@playwright/test";
import { registerAndSignIn, registerInBrowser } from "./support/accounts";
import { e2eAppUrl } from "./support/urls";

interface BodyRoute {
  method: "POST" | "PATCH" | "PUT" | "DELETE";
  path: (threadId: string) => string;
  fields: string[];
  // A well-formed body to corrupt (never one that would succeed destructively).
  valid: (threadId: string) => Record<string, unknown>;
  // {} is a valid body here (e.g. "inherit every setting"): not sent as hostile.
  emptyObjectIsValid?: true;
}

const bodyRoutes: BodyRoute[] = [
  {
    method: "POST",
    path: () => "/api/chat",
    fields: ["trigger", "threadId", "text"],
    valid: (threadId) => ({ trigger: "submit", threadId, text: "Xin chào" }),
  },
  {
    method: "POST",
    path: () => "/api/chat",
    fields: ["trigger", "threadId", "messageId", "text"],
    valid: (threadId) => ({ trigger: "edit", threadId, messageId: randomUUID(), text: "Xin chào" }),
  },
  {
    method: "POST",
    path: (threadId) => `/api/threads/${threadId}/branch`,
    fields: ["messageId"],
    valid: () => ({ messageId: randomUUID() }),
  },
  {
    method: "POST",
    path: (threadId) => `/api/threads/${threadId}/undo`,
    fields: ["messageId"],
    valid: () => ({ messageId: randomUUID() }),
  },
  {
    method: "POST",
    path: () => "/api/register",
    fields: ["email", "name", "password"],
    valid: () => ({ email: `x-${randomUUID()}@example.vn`, name: "Lan", password: "mat-khau-rat-an-toan" }),
  },
  { method: "PATCH", path: () => "/api/account", fields: ["name"], valid: () => ({ name: "Tên khác" }) },
  {
    method: "PATCH",
    path: (threadId) => `/api/threads/${threadId}`,
    fields: ["title"],
    valid: () => ({ title: "Tên khác" }),
  },
  { method: "DELETE", path: () => "/api/threads", fields: ["confirm"], valid: () => ({ confirm: "KHÔNG" }) },
  {
    method: "PUT",
    path: () => "/api/settings",
    fields: ["temperature", "topP", "topK", "repetitionPenalty", "maxReplyTokens"],
    valid: () => ({ temperature: 99 }),
    emptyObjectIsValid: true,
  },
  {
    method: "PUT",
    path: (threadId) => `/api/threads/${threadId}/settings`,
    fields: ["temperature", "topP", "topK", "repetitionPenalty", "maxReplyTokens"],
    valid: () => ({ temperature: 99 }),
    emptyObjectIsValid: true,
  },
  {
    method: "DELETE",
    path: () => "/api/account",
    fields: ["password", "confirmation"],
    valid: () => ({ password: "khong-phai-mat-khau" }),
  },
  {
    method: "POST",
    path: () => "/api/account/password",
    fields: ["currentPassword", "newPassword"],
    valid: () => ({ currentPassword: "khong-phai-mat-khau", newPassword: "mat-khau-moi-an-toan" }),
  },
  { method: "POST", path: () => "/api/account/password-reset", fields: ["email"], valid: () => ({ email: "a@b.vn" }) },
  {
    method: "POST",
    path: () => "/api/account/password-reset/confirm",
    fields: ["token", "password"],
    valid: () => ({ token: "x".repeat(43), password: "mat-khau-moi-an-toan" }),
  },
];

interface Hostile {
  name: string;
  isEmptyObject?: true;
  body: (route: BodyRoute, threadId: string) => { data: Buffer | string; contentType?: string };
}

const json = (value: unknown) => ({ data: JSON.stringify(value) });
const wrongTypes: unknown[] = [null, 42, "text", [], [1, 2], true, {}];

const hostile: Hostile[] = [
  { name: "malformed JSON", body: () => ({ data: '{"text": "unterminated' }) },
  { name: "trailing garbage", body: (route, id) => ({ data: `${JSON.stringify(route.valid(id))}}}` }) },
  ...wrongTypes.map((value) => ({
    name: `body ${JSON.stringify(value)}`,
    body: () => json(value),
    ...(JSON.stringify(value) === "{}" ? { isEmptyObject: true as const } : {}),
  })),
  {
    name: "every field a number",
    body: (route: BodyRoute) => json(Object.fromEntries(route.fields.map((field) => [field, 12345]))),
  },
  {
    name: "every field an object",
    body: (route: BodyRoute) => json(Object.fromEntries(route.fields.map((field) => [field, { $gt: "" }]))),
  },
  {
    name: "a body over 1 MB",
    body: (route: BodyRoute, id: string) =>
      json({ ...route.valid(id), ...Object.fromEntries(route.fields.map((field) => [field, "a".repeat(1_100_000)])) }),
  },
  {
    name: "control characters",
    body: (route: BodyRoute, id: string) =>
      json({
        ...route.valid(id),
        ...Object.fromEntries(route.fields.map((field) => [field, "Xin\u0000chào\u001b[31m\u0007"])),
      }),
  },
  {
    name: "a lone surrogate",
    body: (route: BodyRoute, id: string) => {
      const valid = JSON.stringify(route.valid(id));
      return { data: valid.replace(/"([^"]+)"}$/, '"\\ud800"}') };
    },
  },
  {
    name: "invalid UTF-8",
    body: (route: BodyRoute, id: string) => {
      const valid = Buffer.from(JSON.stringify(route.valid(id)));
      return { data: Buffer.concat([valid.subarray(0, valid.length - 2), Buffer.from([0xff, 0xfe, 0x22, 0x7d])]) };
    },
  },
  {
    name: "a form instead of JSON",
    body: () => ({ data: "text=hi", contentType: "application/x-www-form-urlencoded" }),
  },
];

async function snapshot(request: APIRequestContext, threadId: string) {
  const [account, threads, thread, settings, threadSettings] = await Promise.all(
    [
      "/api/account",
      "/api/threads",
      `/api/threads/${threadId}`,
      "/api/settings",
      `/api/threads/${threadId}/settings`,
    ].map(async (path) => (await request.get(path)).json()),
  );
  // Without token counts: a finished reply is counted in the background, which is no change.
  const stable = JSON.parse(JSON.stringify(thread), (key, value: unknown) =>
    key === "tokenCount" ? undefined : value,
  ) as unknown;
  return { account, threads, thread: stable, settings, threadSettings };
}

test("every body-reading route answers hostile input with a 4xx JSON error and changes nothing", async () => {
  test.setTimeout(120_000);
  const request = await playwrightRequest.newContext({ baseURL: e2eAppUrl });
  await registerAndSignIn(request);
  const threadId = randomUUID();
  const sent = await request.post("/api/chat", { data: { trigger: "submit", threadId, text: "Dữ liệu gốc" } });
  expect(sent.status()).toBe(200);
  await sent.body();
  const before = await snapshot(request, threadId);

  for (const route of bodyRoutes) {
    for (const attack of hostile.filter((candidate) => !(candidate.isEmptyObject && route.emptyObjectIsValid))) {
      const { data, contentType = "application/json" } = attack.body(route, threadId);
      const what = `${route.method} ${route.path(threadId)} with ${attack.name}`;
      const response = await request.fetch(route.path(threadId), {
        method: route.method,
        data,
        headers: { "content-type": contentType },
        maxRedirects: 0,
      });
      expect(response.status(), `${what}: ${(await response.text()).slice(0, 300)}`).toBeGreaterThanOrEqual(400);
      expect(response.status(), what).toBeLessThan(500);
      expect(response.headers()["content-type"], what).toContain("application/json");
      const body = (await response.json()) as { error?: { code?: unknown; message?: unknown } };
      expect(typeof body.error?.code, what).toBe("string");
      expect(typeof body.error?.message, what).toBe("string");
    }
  }
  // Hostile query parameters (GET /api/threads/:id/messages reads `before` and `limit`).
  for (const query of [
    "before=%00",
    "before=1e400",
    "before=99999999999999999999",
    "limit=-5",
    `limit=${"9".repeat(5000)}`,
    "before=%201",
    "before=0x10",
  ]) {
    const response = await request.get(`/api/threads/${threadId}/messages?${query}`);
    expect(response.status(), query).toBe(400);
    expect(response.headers()["content-type"], query).toContain("application/json");
  }
  // Hostile ids in paths.
  for (const path of ["/api/threads/%00", "/api/threads/..%2F..%2Fetc", `/api/threads/${"9".repeat(5000)}`]) {
    const response = await request.get(path);
    expect(response.status(), path).toBe(404);
    expect(response.headers()["content-type"], path).toContain("application/json");
  }

  expect((await request.get("/api/health")).status()).toBe(200);
  expect(await snapshot(request, threadId)).toEqual(before);
  await request.dispose();
});

// GET /api/search reads its query string, not a body: hostile queries are plain searches (200) or a
// 400 naming the field, never a 500, and change nothing.
const searchQueries: { query: string; status: 200 | 400; field?: string }[] = [
  { query: "", status: 400, field: "q" },
  { query: "q=", status: 400, field: "q" },
  { query: "q=%20%09%20", status: 400, field: "q" },
  { query: `q=${"a".repeat(201)}`, status: 400, field: "q" },
  { query: "q=pho&cursor=not-a-cursor", status: 400, field: "cursor" },
  { query: `q=pho&cursor=${"A".repeat(600)}`, status: 400, field: "cursor" },
  { query: "q=%00", status: 200 },
  { query: "q=%ED%A0%80%FF", status: 200 },
  { query: "q=%22", status: 200 },
  { query: "q=*", status: 200 },
  { query: "q=NEAR(a%20b)", status: 200 },
  { query: "q=a%20OR%20b%20NOT%20-c%20%5Ed%20body%3Ae", status: 200 },
  { query: "q=%27%3B%20DROP%20TABLE%20%22Message%22%3B--", status: 200 },
  { query: "q=%26%20%7C%20!%20%3C-%3E%20%3A*", status: 200 },
  { query: "q=%F0%9F%98%80%20%E6%BC%A2", status: 200 },
  { query: "q=x%C6%B0%CC%83&q=second", status: 200 },
];

test("the search answers hostile query strings with results or a 400, never a 500, and changes nothing", async () => {
  const request = await playwrightRequest.newContext({ baseURL: e2eAppUrl });
  await registerAndSignIn(request);
  const threadId = randomUUID();
  const sent = await request.post("/api/chat", { data: { trigger: "submit", threadId, text: "Dữ liệu gốc" } });
  expect(sent.status()).toBe(200);
  await sent.body();
  const before = await snapshot(request, threadId);
  for (const { query, status, field } of searchQueries) {
    const response = await request.get(`/api/search?${query}`);
    const what = `GET /api/search?${query.slice(0, 80)}`;
    expect(response.status(), `${what}: ${(await response.text()).slice(0, 300)}`).toBe(status);
    expect(response.headers()["content-type"], what).toContain("application/json");
    const body = (await response.json()) as { results?: unknown[]; error?: { code?: string; fields?: object } };
    if (status === 200) expect(body.results, what).toEqual([]);
    else expect(body.error?.fields, what).toHaveProperty(field ?? "q");
  }
  expect((await request.get("/api/search?q=du+lieu")).status()).toBe(200);
  expect(await snapshot(request, threadId)).toEqual(before);
  await request.dispose();
});

test("HTML and Markdown in a message and a display name are stored verbatim and shown as text", async ({ page }) => {
  const dialogs: string[] = [];
  page.on("dialog", async (dialog) => {
    dialogs.push(dialog.message());
    await dialog.dismiss();
  });
  await registerInBrowser(page);
  const name = `<img src=x onerror=alert("name")> **đậm**`;
  expect((await page.request.patch("/api/account", { data: { name } })).status()).toBe(200);
  const threadId = randomUUID();
  const text = `<script>alert("xss")</script> [bấm](javascript:alert("md")) <img src=x onerror=alert("img")>`;
  const sent = await page.request.post("/api/chat", { data: { trigger: "submit", threadId, text } });
  expect(sent.status()).toBe(200);
  await sent.body();

  const stored = (await (await page.request.get(`/api/threads/${threadId}`)).json()) as {
    thread: { title: string; messages: { role: string; content: string }[] };
  };
  expect(stored.thread.messages[0]?.content).toBe(text);
  expect((await (await page.request.get("/api/account")).json()) as unknown).toMatchObject({ account: { name } });

  await page.goto(`/c/${threadId}`);
  await expect(page.getByText(`Đang đăng nhập: ${name}`)).toBeVisible();
  await expect(
    page.getByRole("log").getByText('<script>alert("xss")</script>', { exact: false }).first(),
  ).toBeVisible();
  expect(await page.locator('main img[src="x"], nav img[src="x"]').count()).toBe(0);
  expect(await page.locator('a[href^="javascript:"]').count()).toBe(0);
  expect(dialogs).toEqual([]);
});
