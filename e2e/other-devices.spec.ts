// The same account on another device: no event reaches this browser from there, so when the tab is
// shown again the open thread is read again and the sidebar's first page fetched again. What was
// done meanwhile shows: a new exchange (and the next message goes after it), a reply still being
// written (followed to its end), a rename (the heading follows), a deletion (the tab leaves the
// thread for a new chat). The other device is the API with the same session.
import { expect, test, type Page } from "@playwright/test";
import { registerInBrowser } from "./support/accounts";
import {
  assistantMessages,
  lastAssistantText,
  messageLog,
  messageText,
  sendAndWaitForReply,
  sidebar,
  storedMessages,
  threadIdOf,
  userMessages,
  vi,
} from "./support/chat";
import { setTabVisibility } from "./support/tab-visibility";

async function openThreadWithOneExchange(page: Page): Promise<string> {
  await registerInBrowser(page);
  await sendAndWaitForReply(page, "Câu hỏi từ máy này");
  return threadIdOf(page);
}

async function shownQuestions(page: Page): Promise<string[]> {
  return Promise.all((await userMessages(page).all()).map(messageText));
}

function sendFromAnotherDevice(page: Page, threadId: string, text: string) {
  return page.request.post("/api/chat", { data: { trigger: "submit", threadId, text } });
}

test("back to the tab, an exchange made on another device is shown, and the next message follows it", async ({
  page,
}) => {
  const threadId = await openThreadWithOneExchange(page);
  await setTabVisibility(page, "hidden");
  const reply = await sendFromAnotherDevice(page, threadId, "Câu hỏi từ máy khác");
  expect(reply.status(), await reply.text()).toBe(200);
  await expect(userMessages(page)).toHaveCount(1);

  await setTabVisibility(page, "visible");
  await expect.poll(() => shownQuestions(page)).toEqual(["Câu hỏi từ máy này", "Câu hỏi từ máy khác"]);
  const stored = await storedMessages(page, threadId);
  expect(await lastAssistantText(page)).toBe(stored.at(-1)?.content);

  // Sent after the other device's exchange, not refused as a branch that changed meanwhile.
  await sendAndWaitForReply(page, "Câu hỏi tiếp theo");
  const after = await storedMessages(page, threadId);
  expect(after.filter((message) => message.role === "user").map((message) => message.content)).toEqual([
    "Câu hỏi từ máy này",
    "Câu hỏi từ máy khác",
    "Câu hỏi tiếp theo",
  ]);
});

test("back to the tab, a reply another device is still receiving is followed to its end", async ({ page }) => {
  const threadId = await openThreadWithOneExchange(page);
  await setTabVisibility(page, "hidden");
  const reply = sendFromAnotherDevice(page, threadId, "Trả lời chậm [[rate=8]] [[len=80]]");
  await expect.poll(async () => (await storedMessages(page, threadId)).length).toBe(4);

  await setTabVisibility(page, "visible");
  await expect(userMessages(page)).toHaveCount(2);
  await expect(page.getByText(vi.streaming)).toBeVisible();
  expect((await reply).status()).toBe(200);
  const stored = await storedMessages(page, threadId);
  expect(stored.at(-1)?.status).toBe("complete");
  await expect.poll(() => lastAssistantText(page)).toBe(stored.at(-1)?.content);
  await expect(page.getByText(vi.streaming)).toHaveCount(0);
});

test("back to the tab, a rename made on another device shows in the chat's heading and the sidebar", async ({
  page,
}) => {
  const threadId = await openThreadWithOneExchange(page);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Câu hỏi từ máy này");
  await setTabVisibility(page, "hidden");
  const renamed = await page.request.patch(`/api/threads/${threadId}`, { data: { title: "Đổi tên ở máy khác" } });
  expect(renamed.status(), await renamed.text()).toBe(200);

  await setTabVisibility(page, "visible");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Đổi tên ở máy khác");
  await expect(sidebar(page).getByRole("link", { name: "Đổi tên ở máy khác" })).toBeVisible();
});

test("back to the tab, a thread deleted on another device is left for a new chat", async ({ page }) => {
  const threadId = await openThreadWithOneExchange(page);
  await setTabVisibility(page, "hidden");
  const deleted = await page.request.delete(`/api/threads/${threadId}`);
  expect(deleted.status(), await deleted.text()).toBe(204);
  await expect(assistantMessages(page)).toHaveCount(1);

  await setTabVisibility(page, "visible");
  await expect(page).toHaveURL(/\/$/);
  await expect(messageLog(page).getByRole("article")).toHaveCount(0);
});
