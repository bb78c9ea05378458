// A 1,000-message thread stays light: the page starts with its newest messages and keeps only those
// near the viewport in the DOM; scrolling up loads older ones; a link to a message far up opens there;
// a new reply still keeps the view at the bottom. The messages API pages the thread for its owner only.
import { expect, request as playwrightRequest, test, type Page } from "@playwright/test";
import { registerAndSignIn, registerInBrowser } from "./support/accounts";
import {
  assistantMessages,
  messageLog,
  sendAndWaitForReply,
  sendMessage,
  threadIdOf,
  userMessages,
  waitForReplyToSettle,
} from "./support/chat";
import { openPrivateApp, type PrivateApp } from "./support/private-app";
import { appendMessages, type SeededMessage } from "./support/seed-messages";

test.describe.configure({ mode: "serial" });

const MESSAGES = 1_000;
const DOM_BUDGET = 5_000;

let app: PrivateApp;
let threadId: string;
// Every message id, by position.
let ids: string[];

// Positions 2..999 (the first turn is sent for real); replies are Markdown of a few sizes.
function seededMessages(): SeededMessage[] {
  return Array.from({ length: MESSAGES - 2 }, (_, index) => {
    const position = index + 2;
    if (position % 2 === 0) return { role: "user", content: `Câu hỏi số ${position}` };
    const extra = position % 6 === 1 ? "\n\n- Ý một\n- Ý hai\n\n```js\nconsole.log(1);\n```" : "";
    return { role: "assistant", content: `Trả lời số ${position} với **chữ đậm**.${extra}` };
  });
}

test.beforeAll(async ({ browser }) => {
  test.setTimeout(120_000);
  app = await openPrivateApp(browser, "long-thread", {});
  await registerInBrowser(app.page);
  await sendAndWaitForReply(app.page, "Câu hỏi số 0 [[len=3]]");
  threadId = threadIdOf(app.page);
  const firstTurn = (await (await app.page.request.get(`/api/threads/${threadId}`)).json()) as {
    thread: { messages: { id: string }[] };
  };
  const seeded = await appendMessages(app.databaseUrl, threadId, seededMessages());
  ids = [...firstTurn.thread.messages.map((message) => message.id), ...seeded];
  expect(ids).toHaveLength(MESSAGES);
});

test.afterAll(async () => {
  await app?.close();
});

const domElements = (page: Page) => page.evaluate(() => document.querySelectorAll("*").length);
const scrollLogTo = (page: Page, top: number) =>
  messageLog(page).evaluate((element, y) => element.scrollTo({ top: y }), top);

test("a thousand-message thread opens on its newest messages with a small DOM", async () => {
  const { page } = app;
  await page.goto(`/c/${threadId}`);
  await expect(assistantMessages(page).getByText("Trả lời số 999 với")).toBeInViewport();
  expect(await domElements(page)).toBeLessThan(DOM_BUDGET);
  expect(await messageLog(page).getByRole("article").count()).toBeLessThan(60);
  await expect(page.getByRole("button", { name: "Tải tin nhắn cũ hơn" })).toBeAttached();
  // Each message says where it is in the whole thread, loaded or not.
  const lastRow = messageLog(page).getByRole("listitem").last();
  await expect(lastRow).toHaveAttribute("aria-posinset", String(MESSAGES));
  await expect(lastRow).toHaveAttribute("aria-setsize", String(MESSAGES));
});

test("scrolling up loads older messages, keeps the view in place, and reaches the first message", async () => {
  test.setTimeout(120_000);
  const { page } = app;
  await page.goto(`/c/${threadId}`);
  await expect(assistantMessages(page).getByText("Trả lời số 999 với")).toBeInViewport();

  // One page up: the message at the top of the view stays on screen when the older page arrives.
  await scrollLogTo(page, 0);
  const topMessage = userMessages(page).getByText("Câu hỏi số 950", { exact: true });
  await expect(page.getByText("Câu hỏi số 948", { exact: true })).toBeAttached();
  await expect(topMessage).toBeInViewport();

  const first = userMessages(page).getByText("Câu hỏi số 0 [[len=3]]");
  for (let attempt = 0; attempt < 60 && !(await first.isVisible()); attempt++) {
    await scrollLogTo(page, 0);
    await page.waitForTimeout(150);
  }
  await expect(first).toBeInViewport();
  await expect(page.getByRole("button", { name: "Tải tin nhắn cũ hơn" })).toHaveCount(0);
  // All 1,000 are loaded now, and the page is still small.
  expect(await domElements(page)).toBeLessThan(DOM_BUDGET);
  expect(await messageLog(page).getByRole("article").count()).toBeLessThan(60);
});

test("a link to a message far up opens the thread there and marks it", async () => {
  const { page } = app;
  const target = ids[102] ?? "";
  await page.goto(`/c/${threadId}?message=${target}`);
  const marked = messageLog(page).locator('[aria-current="true"]');
  await expect(marked).toHaveCount(1);
  await expect(marked.getByRole("article")).toHaveText(/Câu hỏi số 102(?!\d)/);
  await expect(marked).toBeInViewport();
  await expect(marked).toBeFocused();
  await expect(marked).toHaveAttribute("aria-posinset", "103");
  expect(await domElements(page)).toBeLessThan(DOM_BUDGET);

  // An id from elsewhere is ignored: the thread opens at its end.
  await page.goto(`/c/${threadId}?message=00000000-0000-4000-8000-000000000000`);
  await expect(assistantMessages(page).getByText("Trả lời số 999 với")).toBeInViewport();
  await expect(messageLog(page).locator('[aria-current="true"]')).toHaveCount(0);
});

test("a new reply in a long thread keeps the view at the bottom while it streams", async () => {
  const { page } = app;
  await page.goto(`/c/${threadId}`);
  await expect(assistantMessages(page).getByText("Trả lời số 999 với")).toBeInViewport();
  await sendMessage(page, "Viết dài giúp mình [[len=120]] [[rate=60]]");
  const reply = assistantMessages(page).last();
  await expect(reply).not.toHaveText(/Trả lời số 999/);
  for (let sample = 0; sample < 5; sample++) {
    await page.waitForTimeout(300);
    await expect(reply).toBeInViewport();
  }
  await waitForReplyToSettle(page);
  const gap = await messageLog(page).evaluate((log) => log.scrollHeight - log.scrollTop - log.clientHeight);
  expect(gap).toBeLessThan(64);
  await expect(page.getByRole("button", { name: "Xuống tin nhắn mới nhất" })).toHaveCount(0);
});

test("scrolled up, the view stays put while a reply streams and when the window resizes", async () => {
  const { page } = app;
  await page.goto(`/c/${threadId}`);
  await expect(assistantMessages(page).getByText("Trả lời số 999 với")).toBeInViewport();
  await sendMessage(page, "Viết thật dài giúp mình [[len=300]] [[rate=50]]");
  const reply = assistantMessages(page).last();
  await expect(reply).toHaveText(/Bạn hỏi/);

  // A token landing between the scroll and its scroll event can pin the view back down (noted in
  // use-stick-to-bottom.ts): scroll again until the list has let go of the bottom.
  const jumpToLatest = page.getByRole("button", { name: "Xuống tin nhắn mới nhất" });
  await expect(async () => {
    await messageLog(page).evaluate((log) => log.scrollBy({ top: -1_500 }));
    await expect(jumpToLatest).toBeVisible({ timeout: 1_000 });
  }).toPass();
  // The message nearest the middle of the view (the middle may fall between two), by its number.
  const watched = await messageLog(page).evaluate((log) => {
    const box = log.getBoundingClientRect();
    const middle = box.top + box.height / 2;
    for (let dy = 0; dy < box.height / 2; dy += 16) {
      for (const y of [middle - dy, middle + dy]) {
        const text = document.elementFromPoint(box.left + box.width / 2, y)?.closest("article")?.textContent ?? "";
        const number = /(Câu hỏi|Trả lời) số \d+/.exec(text);
        if (number) return number[0];
      }
    }
    return "";
  });
  expect(watched).toMatch(/số \d+/);
  const watchedMessage = messageLog(page)
    .getByRole("article")
    .filter({ hasText: new RegExp(`${watched}(?!\\d)`) });
  await expect(page.getByRole("button", { name: "Xuống tin nhắn mới nhất" })).toBeVisible();
  for (let sample = 0; sample < 4; sample++) {
    await page.waitForTimeout(300);
    await expect(watchedMessage).toBeInViewport();
  }
  await page.setViewportSize({ width: 900, height: 640 });
  await expect(watchedMessage).toBeInViewport();

  await page.getByRole("button", { name: "Xuống tin nhắn mới nhất" }).click();
  await waitForReplyToSettle(page);
  await expect(reply).toBeInViewport();
  await page.setViewportSize({ width: 1280, height: 720 });
});

test("the messages API pages the thread for its owner and refuses bad pages and other users", async () => {
  const { request } = app.page;
  type Page = { messages: { position: number; content: string }[]; hasOlder: boolean; contextStartId?: unknown };
  const get = async (query: string) => request.get(`/api/threads/${threadId}/messages${query}`);

  // The thread has grown by the turn of the test before.
  const whole = (await (await request.get(`/api/threads/${threadId}`)).json()) as { thread: { messages: unknown[] } };
  const total = whole.thread.messages.length;
  expect(total).toBeGreaterThanOrEqual(MESSAGES);
  const newest = (await (await get("")).json()) as Page;
  expect(newest.messages.map((message) => message.position)).toEqual(
    Array.from({ length: 50 }, (_, index) => total - 50 + index),
  );
  expect(newest.hasOlder).toBe(true);
  expect(newest).toHaveProperty("contextStartId");

  const older = (await (await get("?before=100&limit=30")).json()) as Page;
  expect(older.messages.map((message) => message.position)).toEqual(
    Array.from({ length: 30 }, (_, index) => 70 + index),
  );
  expect(older.messages[0]?.content).toBe("Câu hỏi số 70");
  expect(older).not.toHaveProperty("contextStartId");
  const first = (await (await get("?before=3")).json()) as Page;
  expect(first.messages.map((message) => message.position)).toEqual([0, 1, 2]);
  expect(first.hasOlder).toBe(false);

  for (const bad of ["?before=abc", "?before=-1", "?before=1.5", "?limit=0", "?limit=201", "?limit=1e2", "?before="]) {
    const response = await get(bad);
    expect(response.status(), bad).toBe(400);
    expect(((await response.json()) as { error: { code: string } }).error.code, bad).toBe("bad_request");
  }

  const intruder = await playwrightRequest.newContext({ baseURL: app.app.url });
  await registerAndSignIn(intruder);
  const response = await intruder.get(`/api/threads/${threadId}/messages`);
  expect(response.status()).toBe(404);
  expect(await response.text()).not.toContain("Câu hỏi số");
  await intruder.dispose();
});
