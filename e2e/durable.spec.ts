// Durable generation: the server owns a reply. It survives the tab closing or reloading, can be
// followed live from any tab (and any instance, through Redis), is stopped for every watcher by
// one Stop, and a reply cut short by a crashed process is marked interrupted and can be continued.
import { randomUUID } from "node:crypto";
import { expect, request as playwrightRequest, test, type APIRequestContext } from "@playwright/test";
import { createTestDatabase } from "../tests/support/test-database.mjs";
import { registerAndSignIn, registerInBrowser } from "./support/accounts";
import { startApp } from "./support/app-process";
import {
  assistantMessages,
  composer,
  lastAssistantText,
  messageLog,
  sendMessage,
  stopButton,
  storedMessages,
  threadIdOf,
  threadUrlPattern,
  uniqueWord,
  vi,
} from "./support/chat";
import { openPrivateApp } from "./support/private-app";

const slow = (tokens: number, rate = 8) => `[[rate=${rate}]] [[len=${tokens}]]`;

interface StoredThread {
  messages: { role: string; status: string; content: string; finishReason: string | null }[];
}

async function storedThread(request: APIRequestContext, threadId: string): Promise<StoredThread> {
  const response = await request.get(`/api/threads/${threadId}`);
  expect(response.status()).toBe(200);
  return ((await response.json()) as { thread: StoredThread }).thread;
}

async function lastReply(request: APIRequestContext, threadId: string) {
  const reply = (await storedThread(request, threadId)).messages.at(-1);
  if (!reply) throw new Error("no messages");
  return reply;
}

test("closing the page mid-reply does not stop it: the full reply is saved", async ({ page, browser }) => {
  await registerInBrowser(page);
  await sendMessage(page, `Đóng trang ${uniqueWord()} ${slow(40, 20)}`);
  await expect(page).toHaveURL(threadUrlPattern);
  await expect.poll(async () => (await lastAssistantText(page)).length).toBeGreaterThan(10);
  const threadId = threadIdOf(page);
  const cookies = await page.context().storageState();
  await page.close();

  const later = await browser.newContext({ storageState: cookies, locale: "vi-VN" });
  const request = later.request;
  await expect.poll(async () => (await lastReply(request, threadId)).status, { timeout: 20_000 }).toBe("complete");
  const reply = await lastReply(request, threadId);
  const reopened = await later.newPage();
  await reopened.goto(`/c/${threadId}`);
  await expect(assistantMessages(reopened)).toHaveCount(1);
  expect(await lastAssistantText(reopened)).toBe(reply.content.trim());
  await later.close();
});

test("reloading mid-reply shows the text so far and follows it live, without duplication or gaps", async ({ page }) => {
  await registerInBrowser(page);
  await sendMessage(page, `Tải lại ${uniqueWord()} ${slow(60, 10)}`);
  await expect.poll(async () => (await lastAssistantText(page)).length).toBeGreaterThan(20);
  const beforeReload = await lastAssistantText(page);
  await page.reload();
  // Right after the reload the reply is being followed again: it is still growing, and it
  // continues the text shown before (a duplicated replay would not start with it).
  await expect(stopButton(page)).toBeVisible();
  await expect.poll(async () => (await lastAssistantText(page)).length).toBeGreaterThan(beforeReload.length);
  expect((await lastAssistantText(page)).startsWith(beforeReload.slice(0, 20))).toBe(true);
  await expect(composer(page)).toBeEnabled({ timeout: 20_000 });
  const [stored] = (await storedMessages(page)).filter((message) => message.role === "assistant");
  expect(stored?.status).toBe("complete");
  expect(await lastAssistantText(page)).toBe(stored?.content.trim());
  await expect(assistantMessages(page)).toHaveCount(1);
});

test("two pages follow one reply; Stop in one ends it in both and keeps the partial text", async ({
  page,
  browser,
}) => {
  await registerInBrowser(page);
  await sendMessage(page, `Hai trang ${uniqueWord()} ${slow(200, 8)}`);
  await expect(page).toHaveURL(threadUrlPattern);
  await expect.poll(async () => (await lastAssistantText(page)).length).toBeGreaterThan(5);
  const second = await browser.newContext({ storageState: await page.context().storageState(), locale: "vi-VN" });
  const watcher = await second.newPage();
  await watcher.goto(page.url());
  await expect(stopButton(watcher)).toBeVisible();
  const seen = await lastAssistantText(watcher);
  await expect.poll(async () => (await lastAssistantText(watcher)).length).toBeGreaterThan(seen.length);

  await stopButton(watcher).click();
  for (const tab of [page, watcher]) {
    await expect(composer(tab)).toBeEnabled();
    await expect(messageLog(tab).getByText(vi.stopped)).toBeVisible();
  }
  const reply = await lastReply(page.request, threadIdOf(page));
  expect(reply.status).toBe("stopped");
  expect(reply.content.length).toBeGreaterThan(0);
  for (const tab of [page, watcher]) expect(await lastAssistantText(tab)).toBe(reply.content.trim());
  await second.close();
});

test("a user has at most two replies generating at once", async ({ request }) => {
  await registerAndSignIn(request);
  const threads = [randomUUID(), randomUUID(), randomUUID()];
  const running = threads
    .slice(0, 2)
    .map((threadId) =>
      request.post("/api/chat", { data: { trigger: "submit", threadId, text: `Song song ${slow(200, 5)}` } }),
    );
  await expect
    .poll(async () => {
      const replies = await Promise.all(threads.slice(0, 2).map((id) => request.get(`/api/threads/${id}`)));
      return replies.filter((response) => response.ok()).length;
    })
    .toBe(2);
  const third = await request.post("/api/chat", { data: { trigger: "submit", threadId: threads[2], text: "Thứ ba" } });
  expect(third.status()).toBe(429);
  expect(((await third.json()) as { error: { code: string } }).error.code).toBe("too_many_replies");
  expect((await request.get(`/api/threads/${threads[2]}`)).status()).toBe(404);
  for (const threadId of threads.slice(0, 2)) await request.post(`/api/threads/${threadId}/stop`);
  await Promise.all(running);
});

test("a reply cut short by a killed process becomes interrupted, keeps its text, and Continue finishes it", async ({
  browser,
}) => {
  const { app, page, close } = await openPrivateApp(browser, "sigkill", { REPLY_STALE_AFTER_MS: "2000" });
  let current = app;
  try {
    await registerInBrowser(page);
    await sendMessage(page, `Sập máy ${uniqueWord()} ${slow(60, 15)}`);
    await expect(page).toHaveURL(threadUrlPattern);
    const threadId = threadIdOf(page);
    // Wait until some text has reached the database (saved at least every second).
    await expect.poll(async () => (await lastReply(page.request, threadId)).content.length).toBeGreaterThan(10);
    await current.stop("SIGKILL");
    current = await startApp(app.env, app.port);
    await expect
      .poll(async () => (await lastReply(page.request, threadId)).status, { timeout: 10_000 })
      .toBe("interrupted");
    const partial = (await lastReply(page.request, threadId)).content;
    expect(partial.length).toBeGreaterThan(10);

    await page.goto(`/c/${threadId}`);
    await expect(messageLog(page).getByText("Câu trả lời bị gián đoạn.")).toBeVisible();
    await page.getByRole("button", { name: "Tiếp tục" }).click();
    await expect(composer(page)).toBeEnabled({ timeout: 30_000 });
    const finished = await lastReply(page.request, threadId);
    expect(finished.status).toBe("complete");
    expect(finished.content.startsWith(partial)).toBe(true);
    expect(finished.content.length).toBeGreaterThan(partial.length);
    expect(await lastAssistantText(page)).toBe(finished.content.trim());
  } finally {
    await current.stop();
    await close();
  }
});

test("with two app processes and Redis, a reply started on one is followed and stopped through the other", async () => {
  const database = await createTestDatabase("redis", "postgres");
  const shared = {
    DATABASE_URL: database.url,
    REDIS_URL: "redis://127.0.0.1:6379",
    REDIS_KEY_PREFIX: `e2e-${randomUUID()}`,
  };
  const [first, second] = await Promise.all([startApp(shared), startApp(shared)]);
  const viaFirst = await playwrightRequest.newContext({ baseURL: first.url });
  try {
    await registerAndSignIn(viaFirst);
    const viaSecond = await playwrightRequest.newContext({
      baseURL: second.url,
      storageState: await viaFirst.storageState(),
    });
    const threadId = randomUUID();
    const original = viaFirst.post("/api/chat", {
      data: { trigger: "submit", threadId, text: `Hai máy ${slow(200, 10)}` },
    });
    await expect
      .poll(async () => (await lastReply(viaSecond, threadId).catch(() => undefined))?.status)
      .toBe("streaming");

    // Follow it through the second process: the replay starts at the reply's first chunk.
    const followed = viaSecond.get(`/api/chat/${threadId}/stream`);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const stop = await viaSecond.post(`/api/threads/${threadId}/stop`);
    expect(await stop.json()).toEqual({ stopped: true });

    const [originalBody, followedBody] = await Promise.all([(await original).text(), (await followed).text()]);
    const deltas = (sse: string) =>
      sse
        .split("\n")
        .filter((line) => line.includes('"type":"text-delta"'))
        .map((line) => (JSON.parse(line.slice("data: ".length)) as { delta: string }).delta)
        .join("");
    expect(followedBody).toContain('"type":"start"');
    expect(deltas(followedBody)).toBe(deltas(originalBody));
    await expect.poll(async () => (await lastReply(viaFirst, threadId)).status).toBe("stopped");
    expect((await lastReply(viaFirst, threadId)).content).toBe(deltas(originalBody));
    await viaSecond.dispose();
  } finally {
    await viaFirst.dispose();
    await Promise.all([first.stop(), second.stop()]);
    await database.drop();
  }
});
