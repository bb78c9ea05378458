// Replies are rendered as Markdown but model output cannot inject HTML or scripts; the site speaks
// English to a browser that asks for it, and the language switch changes and remembers the language.
import { expect, test, type Page } from "@playwright/test";
import { registerInBrowser, registerInBrowserInEnglish } from "./support/accounts";
import { assistantMessages, messageLog, sendAndWaitForReply, uniqueWord, vi } from "./support/chat";

async function expectSafeMarkdown(page: Page) {
  const reply = assistantMessages(page).last();
  await expect(reply.getByRole("listitem")).toHaveText(["Mục thứ nhất", "Mục thứ hai"]);
  await expect(reply.getByRole("strong")).toHaveText("Chữ đậm");
  await expect(reply.getByRole("emphasis")).toHaveText("chữ nghiêng");
  await expect(reply.locator("pre").getByRole("code")).toHaveText('console.log("xin chào");');
  // Raw HTML from the model is shown as text, never turned into elements.
  await expect(reply.getByText("<img src=x onerror=alert(1)>", { exact: true })).toBeVisible();
  await expect(reply.getByText("<script>alert(1)</script>", { exact: true })).toBeVisible();
  await expect(messageLog(page).locator('img[src="x"]')).toHaveCount(0);
  await expect(messageLog(page).locator("img, script")).toHaveCount(0);
}

test("a reply's Markdown is rendered and its raw HTML stays inert text", async ({ page }) => {
  const dialogs: string[] = [];
  page.on("dialog", (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  await registerInBrowser(page);
  const reply = await sendAndWaitForReply(page, `Định dạng giúp mình ${uniqueWord()} [[html]]`);
  expect(reply).toContain("Bạn hỏi:");
  await expectSafeMarkdown(page);

  // The same after a reload, where the stored reply is rendered on the server first.
  await page.reload();
  await expect(assistantMessages(page)).toHaveCount(1);
  await expectSafeMarkdown(page);
  expect(await page.evaluate(() => document.querySelectorAll('img[src="x"]').length)).toBe(0);
  expect(dialogs).toEqual([]);
});

test.describe("a browser that asks for English", () => {
  test.use({ locale: "en-US" });

  test("gets the sign-in page and the chat in English", async ({ page }) => {
    await page.goto("/sign-in");
    await expect(page.locator("html")).toHaveAttribute("lang", "en");
    await expect(page.getByRole("heading", { name: "Sign in" })).toBeVisible();
    await expect(page.getByRole("button", { name: "Sign in" })).toBeVisible();
    await expect(page.getByRole("combobox", { name: "Language" })).toHaveValue("en");

    await registerInBrowserInEnglish(page);
    await expect(page.getByRole("textbox", { name: "Message to PhoGPT" })).toBeVisible();
    await expect(page.getByRole("navigation", { name: "Conversations" })).toBeVisible();
    await expect(page.getByRole("button", { name: "Send", exact: true })).toBeVisible();
  });
});

test("the language switch changes the language and it stays after a reload", async ({ page }) => {
  await registerInBrowser(page);
  await expect(page.locator("html")).toHaveAttribute("lang", "vi");
  await page.getByRole("combobox", { name: "Ngôn ngữ" }).selectOption({ label: "English" });

  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  const inEnglish = async () => {
    await expect(page.getByRole("textbox", { name: "Message to PhoGPT" })).toBeVisible();
    await expect(page.getByRole("navigation", { name: "Conversations" })).toBeVisible();
    await expect(page.getByRole("link", { name: "New chat" })).toBeVisible();
    await expect(page.getByRole("status", { name: "Model server status" })).toContainText(
      "Emulator (not the real model)",
    );
    await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();
    await expect(page.getByRole("combobox", { name: "Language" })).toHaveValue("en");
    await expect(page.getByRole("textbox", { name: vi.composer })).toHaveCount(0);
  };
  await inEnglish();

  await page.reload();
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await inEnglish();
});
