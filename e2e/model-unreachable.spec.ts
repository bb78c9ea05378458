// With the model server down, the user is told so (status indicator, an alert with Retry in the
// thread) instead of waiting on a spinner, and the question is not lost.
import { expect, test } from "@playwright/test";
import { registerInBrowser } from "./support/accounts";
import { freePort } from "./support/app-process";
import {
  alertWith,
  assistantMessages,
  messageLog,
  messageText,
  modelStatus,
  sendMessage,
  uniqueWord,
  userMessages,
  vi,
  waitForReplyToSettle,
} from "./support/chat";
import { openPrivateApp } from "./support/private-app";

test("an unreachable model server is reported, and the question is kept", async ({ browser }) => {
  // A port nobody listens on: connections are refused.
  const deadModelServer = `http://127.0.0.1:${await freePort()}`;
  const { page, close } = await openPrivateApp(browser, "unreachable", { INFERENCE_URL: deadModelServer });
  try {
    await registerInBrowser(page);
    await expect(modelStatus(page)).toContainText(vi.modelOffline);
    await expect(modelStatus(page)).not.toContainText(vi.emulatorBadge);

    const question = `Có ai ở đó không ${uniqueWord()}?`;
    await sendMessage(page, question);
    const error = alertWith(messageLog(page), vi.modelUnavailable);
    await expect(error).toBeVisible();
    await expect(error.getByRole("button", { name: vi.retry })).toBeVisible();
    await waitForReplyToSettle(page);
    await expect(userMessages(page)).toHaveCount(1);
    expect(await messageText(userMessages(page).first())).toBe(question);

    await page.reload();
    await expect(userMessages(page)).toHaveCount(1);
    expect(await messageText(userMessages(page).first())).toBe(question);
    await expect(assistantMessages(page)).toHaveCount(1);
    await expect(
      alertWith(messageLog(page), vi.modelUnavailable).getByRole("button", { name: vi.retry }),
    ).toBeVisible();
  } finally {
    await close();
  }
});
