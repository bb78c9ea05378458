// Access-control sweep: every API route and page that takes an id answers another user 404 (the
// same as a nonexistent id) and an anonymous caller 401 JSON, or the sign-in redirect for pages;
// routes acting on the caller's own data answer anonymous callers 401. Nothing changes meanwhile.
//
// Add new routes to the tables below: one entry per method and path (ids come from `Ids`).
import { randomBytes, randomUUID } from "node:crypto";
import { expect, request as playwrightRequest, test, type APIRequestContext, type APIResponse } from "@playwright/test";
import { registerAndSignIn } from "./support/accounts";
import { e2eAppUrl } from "./support/urls";

interface Ids {
  threadId: string;
  messageId: string;
  shareId: string;
}

interface RouteCase {
  method: "GET" | "POST" | "PATCH" | "PUT" | "DELETE";
  path: (ids: Ids) => string;
  body?: (ids: Ids) => unknown;
  // Creates the resource when the id is new (chat threads get client-made ids): skipped for "nonexistent".
  createsWhenMissing?: true;
}

// Every API route that names a thread, message, share link, export, setting or stream by id.
const idRoutes: RouteCase[] = [
  { method: "GET", path: ({ threadId }) => `/api/threads/${threadId}` },
  { method: "PATCH", path: ({ threadId }) => `/api/threads/${threadId}`, body: () => ({ title: "Chiếm quyền" }) },
  { method: "DELETE", path: ({ threadId }) => `/api/threads/${threadId}` },
  { method: "GET", path: ({ threadId }) => `/api/threads/${threadId}/messages` },
  { method: "GET", path: ({ threadId }) => `/api/threads/${threadId}/messages?before=1&limit=1` },
  { method: "POST", path: ({ threadId }) => `/api/threads/${threadId}/stop` },
  { method: "GET", path: ({ threadId }) => `/api/chat/${threadId}/stream` },
  { method: "GET", path: ({ threadId }) => `/api/threads/${threadId}/export?format=md` },
  { method: "GET", path: ({ threadId }) => `/api/threads/${threadId}/export?format=json` },
  { method: "GET", path: ({ threadId }) => `/api/threads/${threadId}/settings` },
  { method: "PUT", path: ({ threadId }) => `/api/threads/${threadId}/settings`, body: () => ({ temperature: 0.5 }) },
  { method: "GET", path: ({ threadId }) => `/api/threads/${threadId}/shares` },
  { method: "POST", path: ({ threadId }) => `/api/threads/${threadId}/shares` },
  { method: "DELETE", path: ({ shareId }) => `/api/shares/${shareId}` },
  {
    method: "POST",
    path: () => "/api/chat",
    body: ({ threadId }) => ({ trigger: "submit", threadId, text: "Xem trộm" }),
    createsWhenMissing: true,
  },
  { method: "POST", path: () => "/api/chat", body: ({ threadId }) => ({ trigger: "retry", threadId }) },
  { method: "POST", path: () => "/api/chat", body: ({ threadId }) => ({ trigger: "continue", threadId }) },
  {
    method: "POST",
    path: () => "/api/chat",
    body: ({ threadId, messageId }) => ({ trigger: "regenerate", threadId, messageId }),
  },
  {
    method: "POST",
    path: () => "/api/chat",
    body: ({ threadId, messageId }) => ({ trigger: "edit", threadId, messageId, text: "Xem trộm" }),
  },
  {
    method: "POST",
    path: ({ threadId }) => `/api/threads/${threadId}/branch`,
    body: ({ messageId }) => ({ messageId }),
  },
  { method: "POST", path: ({ threadId }) => `/api/threads/${threadId}/undo`, body: ({ messageId }) => ({ messageId }) },
];

// Every page that takes an id.
const idPages: ((ids: Ids) => string)[] = [
  ({ threadId }) => `/c/${threadId}`,
  ({ threadId, messageId }) => `/c/${threadId}?message=${messageId}`,
];

// API routes without an id that act on the signed-in user's own data.
const ownRoutes: RouteCase[] = [
  { method: "GET", path: () => "/api/threads" },
  { method: "DELETE", path: () => "/api/threads", body: () => ({ confirm: "DELETE" }) },
  { method: "GET", path: () => "/api/model/status" },
  { method: "GET", path: () => "/api/export" },
  { method: "GET", path: () => `/api/search?q=${encodeURIComponent("Chuyện riêng tư")}` },
  { method: "GET", path: () => "/api/shares" },
  { method: "GET", path: () => "/api/settings" },
  { method: "PUT", path: () => "/api/settings", body: () => ({ temperature: 0.5 }) },
  { method: "GET", path: () => "/api/account" },
  { method: "PATCH", path: () => "/api/account", body: () => ({ name: "Kẻ lạ" }) },
  { method: "DELETE", path: () => "/api/account", body: () => ({ password: "mat-khau-rat-an-toan" }) },
  {
    method: "POST",
    path: () => "/api/account/password",
    body: () => ({ currentPassword: "mat-khau-rat-an-toan", newPassword: "mat-khau-moi-an-toan" }),
  },
];

// Pages without an id that need a session.
const ownPages = ["/", "/account", "/search"];

function send(request: APIRequestContext, route: RouteCase, ids: Ids): Promise<APIResponse> {
  return request.fetch(route.path(ids), { method: route.method, data: route.body?.(ids), maxRedirects: 0 });
}

async function expectJsonError(response: APIResponse, status: number, code: string, what: string) {
  expect(response.status(), `${what}: ${await response.text()}`).toBe(status);
  expect(response.headers()["content-type"], what).toContain("application/json");
  expect(((await response.json()) as { error: { code: string } }).error.code, what).toBe(code);
}

function describeRoute(route: RouteCase, ids: Ids): string {
  const body = route.body ? ` ${JSON.stringify(route.body(ids))}` : "";
  return `${route.method} ${route.path(ids)}${body}`;
}

test.describe.configure({ mode: "serial" });

let owner: APIRequestContext;
let ids: Ids;
let before: unknown;

test.beforeAll(async () => {
  owner = await playwrightRequest.newContext({ baseURL: e2eAppUrl });
  await registerAndSignIn(owner);
  const threadId = randomUUID();
  const sent = await owner.post("/api/chat", { data: { trigger: "submit", threadId, text: "Chuyện riêng tư" } });
  expect(sent.status()).toBe(200);
  await sent.body();
  const thread = (await (await owner.get(`/api/threads/${threadId}`)).json()) as {
    thread: { messages: { id: string }[] };
  };
  const shared = await owner.post(`/api/threads/${threadId}/shares`);
  expect(shared.status(), await shared.text()).toBe(201);
  const { share } = (await shared.json()) as { share: { id: string } };
  ids = { threadId, messageId: thread.thread.messages[0]?.id ?? "", shareId: share.id };
  before = await (await owner.get(`/api/threads/${threadId}`)).json();
});

test.afterAll(async () => {
  await owner?.dispose();
});

test("another user gets 404 from every route and page that takes an id", async () => {
  const intruder = await playwrightRequest.newContext({ baseURL: e2eAppUrl });
  await registerAndSignIn(intruder);
  for (const route of idRoutes) {
    await expectJsonError(await send(intruder, route, ids), 404, "not_found", describeRoute(route, ids));
  }
  for (const page of idPages) {
    const response = await intruder.get(page(ids), { maxRedirects: 0 });
    expect(response.status(), page(ids)).toBe(404);
    expect(await response.text()).not.toContain("Chuyện riêng tư");
  }
  await intruder.dispose();
  expect(await (await owner.get(`/api/threads/${ids.threadId}`)).json()).toEqual(before);
  expect((await owner.get(`/s/${ids.shareId}`)).status()).toBe(200);
});

test("another user's search finds nothing of the owner's", async () => {
  const intruder = await playwrightRequest.newContext({ baseURL: e2eAppUrl });
  await registerAndSignIn(intruder);
  for (const q of ["Chuyện riêng tư", "chuyen rieng tu", "chuyen"]) {
    const response = await intruder.get(`/api/search?q=${encodeURIComponent(q)}`);
    expect(response.status(), q).toBe(200);
    expect(await response.json(), q).toEqual({ results: [], nextCursor: null });
  }
  const own = (await (await owner.get("/api/search?q=chuyen+rieng")).json()) as { results: { threadId: string }[] };
  expect(own.results.map((result) => result.threadId)).toContain(ids.threadId);
  await intruder.dispose();
});

test("a nonexistent id answers exactly like another user's", async () => {
  const missing = { threadId: randomUUID(), messageId: randomUUID(), shareId: randomBytes(18).toString("base64url") };
  for (const route of idRoutes.filter((candidate) => !candidate.createsWhenMissing)) {
    await expectJsonError(await send(owner, route, missing), 404, "not_found", describeRoute(route, missing));
  }
});

test("an anonymous caller gets 401 JSON from every API route and the sign-in redirect for pages", async () => {
  const anonymous = await playwrightRequest.newContext({ baseURL: e2eAppUrl });
  for (const route of [...idRoutes, ...ownRoutes]) {
    await expectJsonError(await send(anonymous, route, ids), 401, "unauthorized", describeRoute(route, ids));
  }
  for (const path of [...idPages.map((page) => page(ids)), ...ownPages]) {
    const response = await anonymous.get(path, { maxRedirects: 0 });
    expect(response.status(), path).toBe(307);
    const location = new URL(response.headers()["location"] ?? "", e2eAppUrl);
    expect(location.pathname, path).toBe("/sign-in");
    expect(location.searchParams.get("callbackUrl"), path).toBe(path);
  }
  await anonymous.dispose();
  expect(await (await owner.get(`/api/threads/${ids.threadId}`)).json()).toEqual(before);
});

test("a forged or tampered session cookie counts as none", async () => {
  const forged = await playwrightRequest.newContext({
    baseURL: e2eAppUrl,
    extraHTTPHeaders: { cookie: "authjs.session-token=eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0." },
  });
  await expectJsonError(await forged.get(`/api/threads/${ids.threadId}`), 401, "unauthorized", "forged cookie");
  await forged.dispose();
});
