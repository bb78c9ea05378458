// Share links: a read-only public copy of a conversation. Created from the chat header, opened
// without an account, fixed at share time, never indexed or cached, revoked from the account page
// or the dialog with immediate effect; another user can neither share nor revoke.
import { randomBytes, randomUUID } from "node:crypto";
import { expect, request as playwrightRequest, test, type APIRequestContext, type Page } from "@playwright/test";
import { registerAndSignIn, registerInBrowser } from "./support/accounts";
import { expectError, startSlowReply } from "./support/api";
import { sendAndWaitForReply, threadIdOf, uniqueWord } from "./support/chat";
import { e2eAppUrl } from "./support/urls";

const SHARE_URL = /^http:\/\/127\.0\.0\.1:\d+\/s\/[A-Za-z0-9_-]{24}$/;

const shareDialog = (page: Page) => page.getByRole("dialog", { name: "Chia sẻ cuộc trò chuyện" });

// Opens the Share dialog, creates a link and returns its URL as the dialog shows it.
async function createLinkInDialog(page: Page): Promise<string> {
  await page.getByRole("button", { name: "Chia sẻ", exact: true }).click();
  const dialog = shareDialog(page);
  await expect(dialog).toBeVisible();
  await expect(dialog.getByText("Tin nhắn gửi sau đó không hiện trong liên kết", { exact: false })).toBeVisible();
  await dialog.getByRole("button", { name: "Tạo liên kết" }).click();
  await expect(dialog.getByRole("status")).toHaveText("Đã tạo liên kết.");
  const field = dialog.getByRole("textbox", { name: "Liên kết chia sẻ" });
  await expect(field).toHaveValue(SHARE_URL);
  return field.inputValue();
}

// What the shared page shows: [author, text] per message.
async function sharedConversation(page: Page): Promise<string[][]> {
  const articles = await page.getByRole("region", { name: "Cuộc trò chuyện được chia sẻ" }).getByRole("article").all();
  return Promise.all(
    articles.map(async (article) => [
      (await article.getAttribute("aria-label")) ?? "",
      (await article.locator(":scope > div").first().innerText()).trim(),
    ]),
  );
}

async function answeredThread(request: APIRequestContext, text: string): Promise<string> {
  const threadId = randomUUID();
  const sent = await request.post("/api/chat", { data: { trigger: "submit", threadId, text } });
  expect(sent.status()).toBe(200);
  await sent.text();
  return threadId;
}

test("a link made from the chat opens without an account, keeps its copy, and dies when revoked", async ({
  page,
  browser,
}) => {
  const question = `Kể về vịnh Hạ Long ${uniqueWord()}`;
  await registerInBrowser(page);
  const answer = await sendAndWaitForReply(page, question);
  const url = await createLinkInDialog(page);

  await page.context().grantPermissions(["clipboard-read", "clipboard-write"]);
  await shareDialog(page).getByRole("button", { name: "Sao chép" }).click();
  await expect(shareDialog(page).getByRole("status")).toHaveText("Đã sao chép liên kết.");
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(url);
  await shareDialog(page).getByRole("button", { name: "Đóng" }).click();
  await expect(shareDialog(page)).toBeHidden();

  // A visitor without an account.
  const visitor = await browser.newContext();
  const visitorPage = await visitor.newPage();
  const consoleErrors: string[] = [];
  visitorPage.on("console", (message) => {
    if (message.type() === "error") consoleErrors.push(message.text());
  });
  const response = await visitorPage.goto(url);
  expect(response?.status()).toBe(200);
  const headers = response?.headers() ?? {};
  expect(headers["x-robots-tag"]).toBe("noindex, nofollow");
  expect(headers["cache-control"]).toContain("no-store");
  expect(headers["content-security-policy"]).toMatch(/script-src 'self' 'nonce-[^']+' 'strict-dynamic'/);
  await expect(visitorPage.locator('meta[name="robots"]')).toHaveAttribute("content", "noindex, nofollow");
  await expect(visitorPage.locator('meta[property="og:title"]')).toHaveAttribute("content", question);
  await expect(visitorPage.getByRole("heading", { level: 1, name: question })).toBeVisible();
  await expect(visitorPage.getByText(/^Được chia sẻ ngày .+ lúc \d\d:\d\d UTC$/)).toBeVisible();
  await expect(visitorPage.getByRole("link", { name: "Trò chuyện với PhoGPT" })).toHaveAttribute("href", "/");
  expect(await sharedConversation(visitorPage)).toEqual([
    ["Bạn", question],
    ["PhoGPT", answer],
  ]);
  await expect(visitorPage.getByRole("textbox")).toHaveCount(0);
  // Hydrated under the page's CSP without complaints.
  expect(consoleErrors).toEqual([]);

  // The owner goes on; the link still shows the conversation as it was.
  const later = `Còn Phong Nha thì sao ${uniqueWord()}`;
  await sendAndWaitForReply(page, later);
  await visitorPage.reload();
  expect(await sharedConversation(visitorPage)).toEqual([
    ["Bạn", question],
    ["PhoGPT", answer],
  ]);
  await expect(visitorPage.getByText(later)).toHaveCount(0);

  // Revoked from the account page, with confirmation: the link answers 404 at once.
  await page.goto("/account");
  const section = page.getByRole("region", { name: "Liên kết chia sẻ" });
  const item = section.getByRole("listitem", { name: question });
  await expect(item.getByRole("link", { name: "Mở" })).toHaveAttribute("href", new URL(url).pathname);
  await page.evaluate(() => navigator.clipboard.writeText(""));
  await item.getByRole("button", { name: "Sao chép" }).click();
  await expect(section.getByRole("status")).toHaveText("Đã sao chép liên kết.");
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(url);
  await item.getByRole("button", { name: "Thu hồi" }).click();
  await expect(item.getByText("Người có liên kết sẽ không xem được nữa", { exact: false })).toBeVisible();
  await item.getByRole("button", { name: "Xác nhận thu hồi" }).click();
  await expect(section.getByRole("status")).toHaveText("Đã thu hồi liên kết. Liên kết không còn mở được.");
  await expect(section.getByRole("listitem")).toHaveCount(0);
  await expect(section.getByRole("heading", { name: "Liên kết chia sẻ" })).toBeFocused();
  await expect(section.getByText("Bạn chưa chia sẻ cuộc trò chuyện nào.")).toBeVisible();

  const gone = await visitorPage.reload();
  expect(gone?.status()).toBe(404);
  expect(gone?.headers()["x-robots-tag"]).toBe("noindex, nofollow");
  await expect(visitorPage.getByRole("heading", { name: "Liên kết không còn hoạt động" })).toBeVisible();
  await expect(visitorPage.getByText(answer)).toHaveCount(0);
  await visitor.close();

  await page.reload();
  await expect(page.getByRole("region", { name: "Liên kết chia sẻ" }).getByRole("listitem")).toHaveCount(0);
});

test("the dialog revokes the link it made, and a second link is a new copy", async ({ page, request }) => {
  await registerInBrowser(page);
  await sendAndWaitForReply(page, `Phở bò ${uniqueWord()}`);
  const first = await createLinkInDialog(page);
  const dialog = shareDialog(page);
  await dialog.getByRole("button", { name: "Tạo liên kết mới" }).click();
  await expect(dialog.getByRole("textbox", { name: "Liên kết chia sẻ" })).not.toHaveValue(first);
  const second = await dialog.getByRole("textbox", { name: "Liên kết chia sẻ" }).inputValue();
  expect(second).toMatch(SHARE_URL);

  await expect(dialog.getByText(/^Liên kết này hiện cuộc trò chuyện như lúc \d\d:\d\d UTC ngày /)).toBeVisible();

  // After a reload the dialog shows the thread's newest link again.
  await page.reload();
  await page.getByRole("button", { name: "Chia sẻ", exact: true }).click();
  await expect(dialog.getByRole("textbox", { name: "Liên kết chia sẻ" })).toHaveValue(second);

  await dialog.getByRole("button", { name: "Thu hồi liên kết" }).click();
  await expect(dialog.getByRole("status")).toHaveText("Đã thu hồi liên kết. Liên kết không còn mở được.");
  await expect(dialog.getByRole("textbox", { name: "Liên kết chia sẻ" })).toHaveCount(0);
  await expect(dialog.getByRole("button", { name: "Tạo liên kết" })).toBeFocused();
  expect((await request.get(second)).status()).toBe(404);
  expect((await request.get(first)).status()).toBe(200);
  const ofThread = (await (await page.request.get(`/api/threads/${threadIdOf(page)}/shares`)).json()) as {
    shares: { url: string }[];
  };
  expect(ofThread.shares.map((share) => share.url)).toEqual([first]);

  const listed = (await (await page.request.get("/api/shares")).json()) as { shares: { url: string }[] };
  expect(listed.shares.map((share) => share.url)).toEqual([first]);
});

test("sharing waits for a reply being written, and keeps a stopped reply marked as stopped", async ({ request }) => {
  await registerAndSignIn(request);
  const { threadId, reply } = await startSlowReply(request);
  await expectError(await request.post(`/api/threads/${threadId}/shares`), 409, "conflict");
  expect(await (await request.post(`/api/threads/${threadId}/stop`)).json()).toEqual({ stopped: true });
  await reply;

  const created = await request.post(`/api/threads/${threadId}/shares`);
  expect(created.status()).toBe(201);
  const { share } = (await created.json()) as { share: { url: string } };
  const anonymous = await playwrightRequest.newContext({ baseURL: e2eAppUrl });
  const html = await (await anonymous.get(share.url)).text();
  expect(html).toContain("Đã dừng trả lời.");
  await anonymous.dispose();
});

test("model output on a shared page stays inert text", async ({ page, browser }) => {
  const dialogs: string[] = [];
  await registerInBrowser(page);
  await sendAndWaitForReply(page, `Định dạng giúp mình ${uniqueWord()} [[html]]`);
  const url = await createLinkInDialog(page);
  const visitor = await browser.newContext();
  const visitorPage = await visitor.newPage();
  visitorPage.on("dialog", (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  await visitorPage.goto(url);
  await expect(visitorPage.getByRole("article", { name: "PhoGPT" })).toBeVisible();
  expect(await visitorPage.evaluate(() => document.querySelectorAll("main script, main img").length)).toBe(0);
  await expect(visitorPage.getByRole("article", { name: "PhoGPT" })).toContainText("<script>");
  expect(dialogs).toEqual([]);
  await visitor.close();
});

test("another user can neither share my thread nor revoke my link; bad ids are not found", async ({
  request,
  browser,
}) => {
  await registerAndSignIn(request);
  const threadId = await answeredThread(request, "Chuyện riêng tư");
  const created = await request.post(`/api/threads/${threadId}/shares`);
  expect(created.status()).toBe(201);
  const { share } = (await created.json()) as { share: { id: string; url: string; title: string; threadId: string } };
  expect(share).toMatchObject({ title: "Chuyện riêng tư", threadId });
  expect(share.url).toMatch(SHARE_URL);

  const intruder = await playwrightRequest.newContext({ baseURL: e2eAppUrl });
  await registerAndSignIn(intruder);
  await expectError(await intruder.post(`/api/threads/${threadId}/shares`), 404, "not_found");
  await expectError(await intruder.delete(`/api/shares/${share.id}`), 404, "not_found");
  expect(((await (await intruder.get("/api/shares")).json()) as { shares: unknown[] }).shares).toEqual([]);
  await intruder.dispose();

  const anonymous = await playwrightRequest.newContext({ baseURL: e2eAppUrl });
  expect((await anonymous.get(share.url)).status()).toBe(200);
  await expectError(await anonymous.delete(`/api/shares/${share.id}`), 401, "unauthorized");
  for (const path of [`/s/${randomBytes(18).toString("base64url")}`, "/s/not-a-share-id", "/s/%27%20OR%201=1"]) {
    const response = await anonymous.get(path);
    expect(response.status(), path).toBe(404);
    expect(response.headers()["x-robots-tag"], path).toBe("noindex, nofollow");
  }
  await anonymous.dispose();

  // In the visitor's language.
  const english = await browser.newContext({ locale: "en-US" });
  const englishPage = await english.newPage();
  await englishPage.goto(share.url);
  await expect(englishPage.getByRole("heading", { level: 1, name: "Chuyện riêng tư" })).toBeVisible();
  await expect(englishPage.getByText(/^Shared on \d{1,2} \w+ \d{4} at \d\d:\d\d UTC$/)).toBeVisible();
  await expect(englishPage.getByRole("link", { name: "Chat with PhoGPT" })).toBeVisible();
  await expect(englishPage.getByRole("article", { name: "You" })).toContainText("Chuyện riêng tư");
  await english.close();

  const mine = (await (await request.get("/api/shares")).json()) as { shares: { id: string }[] };
  expect(mine.shares.map((link) => link.id)).toEqual([share.id]);
  expect(((await (await request.get("/api/export")).json()) as { shares: { id: string }[] }).shares).toEqual([
    expect.objectContaining({ id: share.id, threadId }),
  ]);
  expect((await request.delete(`/api/shares/${share.id}`)).status()).toBe(204);
  expect((await request.get(share.url)).status()).toBe(404);
  await expectError(await request.delete(`/api/shares/${share.id}`), 404, "not_found");
});
