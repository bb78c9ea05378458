// Exports: a thread as Markdown and JSON with a file name from its title, all of a user's data as
// one JSON file; another user's thread cannot be exported.
import { randomUUID } from "node:crypto";
import { expect, request as playwrightRequest, test } from "@playwright/test";
import { registerAndSignIn, registerInBrowser } from "./support/accounts";
import { sendAndWaitForReply } from "./support/chat";
import { e2eAppUrl } from "./support/urls";

test("a thread exports as Markdown and JSON, and all data as JSON; never another user's", async ({ request }) => {
  const user = await registerAndSignIn(request);
  const threadId = randomUUID();
  const question = "Đà Nẵng có gì ngon? <b>thật</b>";
  const chat = await request.post("/api/chat", { data: { trigger: "submit", threadId, text: question } });
  expect(chat.ok()).toBe(true);
  await chat.text();
  const { thread } = (await (await request.get(`/api/threads/${threadId}`)).json()) as {
    thread: { messages: { id: string; content: string }[] };
  };
  const answer = thread.messages[1]?.content ?? "";
  expect(answer.length).toBeGreaterThan(0);

  const markdown = await request.get(`/api/threads/${threadId}/export?format=md`);
  expect(markdown.status()).toBe(200);
  expect(markdown.headers()["content-type"]).toContain("text/markdown");
  expect(markdown.headers()["content-disposition"]).toContain('filename="da-nang-co-gi-ngon-b-that-b.md"');
  const text = await markdown.text();
  expect(text).toMatch(/^# Đà Nẵng có gì ngon\? <b>thật<\/b>\n/);
  expect(text).toContain(`## Bạn · `);
  expect(text).toContain(question);
  expect(text).toContain(answer);
  expect(text.indexOf(question)).toBeLessThan(text.indexOf(answer));

  const json = await request.get(`/api/threads/${threadId}/export?format=json`);
  expect(json.headers()["content-disposition"]).toContain('filename="da-nang-co-gi-ngon-b-that-b.json"');
  const exported = (await json.json()) as {
    format: string;
    thread: { id: string; messages: { role: string; content: string; status: string; createdAt: string }[] };
  };
  expect(exported.format).toBe("phogpt-chat.thread.v1");
  expect(exported.thread.id).toBe(threadId);
  expect(exported.thread.messages.map((m) => [m.role, m.status])).toEqual([
    ["user", "complete"],
    ["assistant", "complete"],
  ]);
  expect(exported.thread.messages[1]?.content).toBe(answer);
  expect(Date.parse(exported.thread.messages[0]?.createdAt ?? "")).not.toBeNaN();

  const badFormat = await request.get(`/api/threads/${threadId}/export?format=pdf`);
  expect(badFormat.status()).toBe(422);

  const all = await request.get("/api/export");
  expect(all.status()).toBe(200);
  const everything = (await all.json()) as {
    user: { email: string; passwordHash?: string };
    threads: { id: string; messages: unknown[] }[];
  };
  expect(everything.user.email).toBe(user.email);
  expect(everything.user.passwordHash).toBeUndefined();
  expect(JSON.stringify(everything)).not.toContain("argon2");
  expect(everything.threads.map((t) => t.id)).toEqual([threadId]);
  expect(everything.threads[0]?.messages).toHaveLength(2);

  const intruder = await playwrightRequest.newContext({ baseURL: e2eAppUrl });
  await registerAndSignIn(intruder);
  for (const format of ["md", "json"]) {
    const response = await intruder.get(`/api/threads/${threadId}/export?format=${format}`);
    expect(response.status()).toBe(404);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe("not_found");
  }
  const theirs = (await (await intruder.get("/api/export")).json()) as { threads: unknown[] };
  expect(theirs.threads).toEqual([]);
  await intruder.dispose();

  const anonymous = await playwrightRequest.newContext({ baseURL: e2eAppUrl });
  expect((await anonymous.get(`/api/threads/${threadId}/export?format=md`)).status()).toBe(401);
  expect((await anonymous.get("/api/export")).status()).toBe(401);
  await anonymous.dispose();
});

test("the thread header offers the exports as downloads named after the title", async ({ page }) => {
  await registerInBrowser(page);
  await sendAndWaitForReply(page, "Phở Hà Nội");
  const exports = page.getByRole("navigation", { name: "Xuất cuộc trò chuyện" });
  const download = page.waitForEvent("download");
  await exports.getByRole("link", { name: "Xuất Markdown" }).click();
  expect((await download).suggestedFilename()).toBe("pho-ha-noi.md");
  const jsonDownload = page.waitForEvent("download");
  await exports.getByRole("link", { name: "Xuất JSON" }).click();
  expect((await jsonDownload).suggestedFilename()).toBe("pho-ha-noi.json");
});
