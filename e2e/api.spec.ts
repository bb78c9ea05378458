// HTTP behaviour of the API routes: 401 without a session, 404 for another user's thread,
// specific 4xx errors for bad input, and nothing written when a request is refused.
import { randomUUID } from "node:crypto";
import { expect, request as playwrightRequest, test, type APIRequestContext } from "@playwright/test";
import { newTestUser, registerAndSignIn } from "./support/accounts";
import { expectError, startSlowReply } from "./support/api";
import { e2eAppUrl } from "./support/urls";

async function newContext(): Promise<APIRequestContext> {
  return playwrightRequest.newContext({ baseURL: e2eAppUrl });
}

async function sendMessage(request: APIRequestContext, threadId: string, text: string) {
  const response = await request.post("/api/chat", { data: { trigger: "submit", threadId, text } });
  expect(response.status(), await response.text()).toBe(200);
  return response.text();
}

async function threadIds(request: APIRequestContext): Promise<string[]> {
  const body = (await (await request.get("/api/threads")).json()) as { threads: { id: string }[] };
  return body.threads.map((thread) => thread.id);
}

test.describe("without a session", () => {
  const someThread = "0b9c2f4e-5d6a-4e7b-8c9d-0e1f2a3b4c5d";
  const routes: [string, string, unknown?][] = [
    ["GET", "/api/threads"],
    ["GET", `/api/threads/${someThread}`],
    ["POST", `/api/threads/${someThread}/stop`],
    ["POST", "/api/chat", { trigger: "submit", threadId: someThread, text: "Xin chào" }],
    ["GET", "/api/model/status"],
  ];
  for (const [method, path, data] of routes) {
    test(`${method} ${path} answers 401 JSON, not a redirect`, async () => {
      const anonymous = await newContext();
      const response = await anonymous.fetch(path, { method, data, maxRedirects: 0 });
      await expectError(response, 401, "unauthorized");
      await anonymous.dispose();
    });
  }

  test("pages redirect to sign-in with the way back", async () => {
    const anonymous = await newContext();
    const threadPath = `/c/${someThread}`;
    for (const path of ["/", threadPath]) {
      const response = await anonymous.get(path, { maxRedirects: 0 });
      expect(response.status()).toBe(307);
      const location = new URL(response.headers()["location"] ?? "", e2eAppUrl);
      expect(location.pathname).toBe("/sign-in");
      expect(location.searchParams.get("callbackUrl")).toBe(path);
    }
    await anonymous.dispose();
  });

  test("readiness reports the database and the model server separately", async () => {
    const anonymous = await newContext();
    const response = await anonymous.get("/api/ready");
    expect(response.status()).toBe(200);
    const body = (await response.json()) as {
      ready: boolean;
      database: { ok: boolean; provider: string };
      modelServer: { ok: boolean; modelId: string; isEmulator: boolean };
    };
    expect(body.ready).toBe(true);
    expect(body.database).toMatchObject({
      ok: true,
      provider: process.env.TEST_DATABASE === "postgres" ? "postgres" : "sqlite",
    });
    expect(body.modelServer).toMatchObject({ ok: true, modelId: "phogpt-4b-chat-emulator", isEmulator: true });
    await anonymous.dispose();
  });

  test("health answers without a session", async () => {
    const anonymous = await newContext();
    const response = await anonymous.get("/api/health");
    expect(response.status()).toBe(200);
    expect(await response.json()).toEqual({ status: "ok" });
    await anonymous.dispose();
  });
});

test.describe("registration", () => {
  test("refuses a malformed email, a short password, a missing name and a taken email", async ({ request }) => {
    const user = newTestUser();
    await expectError(
      await request.post("/api/register", { data: { ...user, email: "khong-phai-email" } }),
      422,
      "validation",
      {
        email: "email_invalid",
      },
    );
    await expectError(await request.post("/api/register", { data: { ...user, password: "ngan" } }), 422, "validation", {
      password: "password_too_short",
    });
    await expectError(await request.post("/api/register", { data: { ...user, name: "   " } }), 422, "validation", {
      name: "name_required",
    });
    expect((await request.post("/api/register", { data: user })).status()).toBe(201);
    await expectError(
      await request.post("/api/register", { data: { ...user, email: user.email.toUpperCase() } }),
      409,
      "conflict",
      { email: "email_taken" },
    );
  });
});

test.describe("chat input validation", () => {
  test("refuses bad bodies with specific errors and writes nothing", async ({ request }) => {
    await registerAndSignIn(request);
    const threadId = randomUUID();
    const post = (data: unknown, headers?: Record<string, string>) =>
      request.post("/api/chat", typeof data === "string" ? { data: Buffer.from(data), headers } : { data });

    await expectError(await post("{not json", { "content-type": "application/json" }), 400, "invalid_json");
    await expectError(await post("text=hi", { "content-type": "text/plain" }), 400, "bad_request");
    await expectError(await post({ trigger: "submit", threadId, text: "" }), 422, "validation", {
      text: "message_empty",
    });
    await expectError(await post({ trigger: "submit", threadId, text: " \n\t " }), 422, "validation", {
      text: "message_empty",
    });
    await expectError(await post({ trigger: "submit", threadId, text: "a".repeat(16_001) }), 422, "validation", {
      text: "message_too_long",
    });
    await expectError(await post({ trigger: "submit", threadId: "123", text: "Xin chào" }), 422, "validation");
    await expectError(await post({ trigger: "submit", threadId, text: 42 }), 422, "validation");
    await expectError(await post({ trigger: "delete-everything", threadId }), 422, "validation");
    await expectError(await post({ trigger: "retry", threadId }), 404, "not_found");

    expect(await threadIds(request)).toEqual([]);
    await expectError(await request.get(`/api/threads/${threadId}`), 404, "not_found");
  });
});

test.describe("another user's thread", () => {
  test("answers 404 everywhere and stays unchanged", async ({ request }) => {
    await registerAndSignIn(request);
    const threadId = randomUUID();
    await sendMessage(request, threadId, "Bí mật của tôi");
    const before = await (await request.get(`/api/threads/${threadId}`)).json();

    const intruder = await newContext();
    await registerAndSignIn(intruder);
    await expectError(await intruder.get(`/api/threads/${threadId}`), 404, "not_found");
    await expectError(await intruder.post(`/api/threads/${threadId}/stop`), 404, "not_found");
    await expectError(
      await intruder.post("/api/chat", { data: { trigger: "submit", threadId, text: "Xem trộm" } }),
      404,
      "not_found",
    );
    await expectError(await intruder.post("/api/chat", { data: { trigger: "retry", threadId } }), 404, "not_found");
    expect(await threadIds(intruder)).toEqual([]);
    const page = await intruder.get(`/c/${threadId}`);
    expect(page.status()).toBe(404);
    await intruder.dispose();

    expect(await (await request.get(`/api/threads/${threadId}`)).json()).toEqual(before);
  });
});

test.describe("chat over HTTP", () => {
  test("streams a reply as a UI message stream and stores both messages", async ({ request }) => {
    await registerAndSignIn(request);
    const threadId = randomUUID();
    const stream = await sendMessage(request, threadId, "Thủ đô của Việt Nam là gì?");
    expect(stream).toContain('"type":"text-delta"');
    expect(stream).toContain('"type":"finish"');
    const { thread } = (await (await request.get(`/api/threads/${threadId}`)).json()) as {
      thread: { title: string; messages: { role: string; status: string; content: string }[] };
    };
    expect(thread.title).toBe("Thủ đô của Việt Nam là gì?");
    expect(thread.messages.map((m) => [m.role, m.status])).toEqual([
      ["user", "complete"],
      ["assistant", "complete"],
    ]);
    expect(thread.messages[1]?.content).toContain("Thủ đô của Việt Nam là gì?");
    expect(thread.messages[1]?.content.startsWith(" ")).toBe(false);
    expect(await threadIds(request)).toEqual([threadId]);
  });

  test("sends a reply uncompressed to a browser that accepts gzip, so each token leaves at once", async ({
    request,
  }) => {
    await registerAndSignIn(request);
    const response = await request.post("/api/chat", {
      data: { trigger: "submit", threadId: randomUUID(), text: "Xin chào [[len=20]]" },
      headers: { "accept-encoding": "gzip, deflate, br" },
    });
    expect(response.status()).toBe(200);
    expect(response.headers()["content-encoding"]).toBeUndefined();
    expect(response.headers()["cache-control"]).toContain("no-transform");
    expect(await response.text()).toContain('"type":"finish"');
    // Other responses are still compressed (the build's default).
    const page = await request.get("/sign-in", { headers: { "accept-encoding": "gzip" } });
    expect(page.headers()["content-encoding"]).toBe("gzip");
  });

  test("refuses a second message while a reply is still generating", async ({ request }) => {
    await registerAndSignIn(request);
    const { threadId, reply } = await startSlowReply(request);
    await expectError(
      await request.post("/api/chat", { data: { trigger: "submit", threadId, text: "Câu khác" } }),
      409,
      "conflict",
    );
    const stop = await request.post(`/api/threads/${threadId}/stop`);
    expect(await stop.json()).toEqual({ stopped: true });
    await reply;
  });
});
