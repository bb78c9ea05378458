// When a reply does not complete: Stop keeps the partial text (and really stops the model), model
// failures before or during the reply are shown in the thread with Retry and survive a reload,
// and Retry regenerates the reply in place once the model works again.
import { expect, test } from "@playwright/test";
import { newTestUser, registerInBrowser } from "./support/accounts";
import {
  alertWith,
  assistantMessages,
  currentReplyText,
  emulatorRequestFor,
  emulatorTokenCount,
  lastAssistantText,
  messageLog,
  sendMessage,
  shownConversation,
  stopButton,
  uniqueWord,
  userMessages,
  vi,
  waitForReplyToSettle,
} from "./support/chat";
import { startEmulatorProcess } from "./support/emulator-process";
import { openPrivateApp } from "./support/private-app";

test("Stop keeps the partial reply, also after a reload, and ends the model's generation", async ({
  page,
  request,
}) => {
  await registerInBrowser(page);
  const word = uniqueWord();
  const question = `Kể một câu chuyện thật dài ${word}`;
  await sendMessage(page, `${question} [[rate=10]] [[len=300]]`);
  await expect.poll(() => currentReplyText(page).then((text) => text.length)).toBeGreaterThan(20);
  const beforeStop = await lastAssistantText(page);
  await stopButton(page).click();

  const reply = assistantMessages(page).last();
  await expect(reply.getByText(vi.stopped)).toBeVisible();
  await expect(reply.getByRole("button", { name: vi.retry })).toBeVisible();
  await waitForReplyToSettle(page);
  // The partial text stays (that it is at least what was on screen is the test below).
  const shown = await lastAssistantText(page);
  const replyStart = `Bạn hỏi: «${question}».`;
  expect(replyStart.startsWith(shown) || shown.startsWith(replyStart), shown).toBe(true);

  // The model request was cut off, not left running: aborted well before its 300 tokens.
  await expect.poll(async () => (await emulatorRequestFor(request, word)).outcome).toBe("aborted");
  const logged = await emulatorRequestFor(request, word);
  expect(logged.generatedTokens).toBeLessThan(300);

  await page.reload();
  await expect(assistantMessages(page)).toHaveCount(1);
  await expect(assistantMessages(page).getByText(vi.stopped)).toBeVisible();
  await expect(assistantMessages(page).getByRole("button", { name: vi.retry })).toBeVisible();
  const reloaded = await lastAssistantText(page);
  // The server may have stored a few tokens that arrived after the page stopped showing them.
  expect(reloaded.startsWith(shown) || shown.startsWith(reloaded), `shown: ${shown}\nreloaded: ${reloaded}`).toBe(true);
  expect(reloaded.startsWith(beforeStop), `before Stop: ${beforeStop}\nreloaded: ${reloaded}`).toBe(true);
  // ... and less than the whole reply, which would be about 300 tokens (the model's leading space restored).
  expect(await emulatorTokenCount(request, ` ${reloaded}`)).toBeLessThanOrEqual(logged.generatedTokens);
});

// Stop must never show less than the user had already read: the page waits for the server's stream
// to end (its text saved) instead of disconnecting and re-reading a snapshot that may be a second old.
// A slow POST /stop, as on a slow network, must not change that.
test("Stop keeps at least the text that was on screen when it was pressed", async ({ page }) => {
  await registerInBrowser(page);
  await sendMessage(page, `Dừng lại đúng chỗ ${uniqueWord()} [[stall-after=40]]`);
  await expect.poll(() => currentReplyText(page).then((text) => text.length)).toBeGreaterThan(15);

  let threadRead!: () => void;
  const threadWasRead = new Promise<void>((resolve) => (threadRead = resolve));
  page.on("requestfinished", (finished) => {
    const { pathname } = new URL(finished.url());
    if (finished.method() === "GET" && /^\/api\/threads\/[^/]+$/.test(pathname)) threadRead();
  });
  // A slow POST /stop: it reaches the server once the page has re-read the thread (or after 2 s,
  // for a page that does not re-read it).
  await page.route(/\/api\/threads\/[^/]+\/stop$/, async (route) => {
    await Promise.race([threadWasRead, new Promise((resolve) => setTimeout(resolve, 2_000))]);
    await route.continue();
  });

  const beforeStop = await lastAssistantText(page);
  await stopButton(page).click();
  await expect(assistantMessages(page).last().getByText(vi.stopped)).toBeVisible();
  await waitForReplyToSettle(page);
  const shown = await lastAssistantText(page);
  expect(shown.startsWith(beforeStop), `before Stop: ${beforeStop}\nafter Stop: ${shown}`).toBe(true);
});

test("a model failure before the first token shows an error with Retry, also after a reload", async ({ page }) => {
  await registerInBrowser(page);
  const question = `Câu hỏi gặp lỗi ${uniqueWord()} [[fail-before]]`;
  await sendMessage(page, question);

  const error = alertWith(messageLog(page), vi.modelError);
  await expect(error).toBeVisible();
  await expect(error.getByRole("button", { name: vi.retry })).toBeVisible();
  await waitForReplyToSettle(page);
  expect(await shownConversation(page)).toEqual([
    [vi.you, question],
    [vi.assistant, ""],
  ]);

  await page.reload();
  await expect(error).toBeVisible();
  await expect(error.getByRole("button", { name: vi.retry })).toBeVisible();
  expect(await shownConversation(page)).toEqual([
    [vi.you, question],
    [vi.assistant, ""],
  ]);
});

test("a failure in the middle of a reply keeps the partial text and shows the error", async ({ page }) => {
  await registerInBrowser(page);
  const question = `Lỗi giữa chừng ${uniqueWord()}`;
  await sendMessage(page, `${question} [[fail-after=5]]`);

  const error = alertWith(messageLog(page), vi.modelError);
  await expect(error).toBeVisible();
  await expect(error.getByRole("button", { name: vi.retry })).toBeVisible();
  await waitForReplyToSettle(page);
  const partial = await lastAssistantText(page);
  expect(partial.length).toBeGreaterThan(0);
  expect(`Bạn hỏi: «${question}».`.startsWith(partial), partial).toBe(true);

  await page.reload();
  await expect(error).toBeVisible();
  await expect(userMessages(page)).toHaveCount(1);
  expect(await lastAssistantText(page)).toBe(partial);
});

// Markers fail on every attempt (Retry resends the same question), so this test gets an emulator of
// its own whose run-level fault it can lift before retrying, and an app pointed at it.
test("Retry after a model failure generates the reply in place", async ({ browser }) => {
  const emulator = await startEmulatorProcess({ faults: ["fail-before"] });
  try {
    const { page, close } = await openPrivateApp(browser, "retry", { INFERENCE_URL: emulator.url });
    try {
      await registerInBrowser(page, newTestUser());
      const question = `Thử lại giúp mình ${uniqueWord()}`;
      await sendMessage(page, question);
      const error = alertWith(messageLog(page), vi.modelError);
      await expect(error).toBeVisible();

      await emulator.setFaults({});
      await error.getByRole("button", { name: vi.retry }).click();
      await expect(assistantMessages(page)).toHaveCount(1);
      await waitForReplyToSettle(page);
      await expect(alertWith(messageLog(page), vi.modelError)).toHaveCount(0);
      const reply = await lastAssistantText(page);
      expect(reply).toContain(`Bạn hỏi: «${question}». Đây là lượt thứ 1`);
      expect(await shownConversation(page)).toEqual([
        [vi.you, question],
        [vi.assistant, reply],
      ]);

      await page.reload();
      await expect(assistantMessages(page)).toHaveCount(1);
      expect(await shownConversation(page)).toEqual([
        [vi.you, question],
        [vi.assistant, reply],
      ]);
      await expect(page.getByRole("alert").filter({ hasText: /\S/ })).toHaveCount(0);
    } finally {
      await close();
    }
  } finally {
    await emulator.stop();
  }
});
