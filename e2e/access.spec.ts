// Who may see what: another user's thread is "not found", a signed-out visitor is sent to sign-in
// and brought back, and the auth forms explain what is wrong without telling which accounts exist.
import { randomUUID } from "node:crypto";
import { expect, test, type APIRequestContext } from "@playwright/test";
import { newTestUser, registerAndSignIn, registerInBrowser, signInInBrowser } from "./support/accounts";
import { assistantMessages, messageText, sidebar, uniqueWord, userMessages } from "./support/chat";

// A thread of a user created over HTTP (the request context holds that user's session).
async function threadOfAnotherUser(request: APIRequestContext, text: string) {
  const owner = await registerAndSignIn(request);
  const threadId = randomUUID();
  const response = await request.post("/api/chat", { data: { trigger: "submit", threadId, text } });
  expect(response.status(), await response.text()).toBe(200);
  await response.body(); // the whole reply has streamed and been stored
  return { owner, threadId };
}

test("another user's thread shows the not-found page and none of its text", async ({ page, request }) => {
  const secret = uniqueWord("bímật");
  const { threadId } = await threadOfAnotherUser(request, `Câu hỏi riêng tư ${secret}`);

  await registerInBrowser(page);
  await page.goto(`/c/${threadId}`);
  await expect(page.getByRole("heading", { name: "Không tìm thấy cuộc trò chuyện" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Về trang chính" })).toBeVisible();
  await expect(page.getByRole("log")).toHaveCount(0);
  await expect(sidebar(page).getByRole("link", { name: new RegExp(secret) })).toHaveCount(0);
  expect(await page.content()).not.toContain(secret);

  await page.getByRole("link", { name: "Về trang chính" }).click();
  await expect(page).toHaveURL(/\/$/);
});

test("a signed-out visit to a thread goes through sign-in and back to the thread", async ({ page, request }) => {
  const word = uniqueWord();
  const { owner, threadId } = await threadOfAnotherUser(request, `Quay lại cuộc trò chuyện ${word}`);

  await page.goto(`/c/${threadId}`);
  await expect(page).toHaveURL(`/sign-in?callbackUrl=${encodeURIComponent(`/c/${threadId}`)}`);
  await expect(page.getByRole("heading", { name: "Đăng nhập" })).toBeVisible();

  await signInInBrowser(page, owner);
  await expect(page).toHaveURL(`/c/${threadId}`);
  await expect(userMessages(page)).toHaveCount(1);
  expect(await messageText(userMessages(page).first())).toBe(`Quay lại cuộc trò chuyện ${word}`);
  expect(await messageText(assistantMessages(page).first())).toContain(`Bạn hỏi: «Quay lại cuộc trò chuyện ${word}».`);
});

test("registration errors are shown next to the field they concern", async ({ page, request }) => {
  const name = page.getByLabel("Tên hiển thị");
  const email = page.getByLabel("Email");
  const password = page.getByLabel("Mật khẩu");
  const submit = page.getByRole("button", { name: "Tạo tài khoản" });

  // A malformed email and a short password at once: each error on its own field.
  await page.goto("/register");
  await name.fill("Người dùng thử");
  await email.fill("khong-phai-email");
  await password.fill("ngan");
  await submit.click();
  await expect(email).toHaveAccessibleDescription("Email không hợp lệ.");
  await expect(email).toHaveAttribute("aria-invalid", "true");
  await expect(password).toHaveAccessibleDescription(/Mật khẩu phải có ít nhất 8 ký tự\./);
  await expect(password).toHaveAttribute("aria-invalid", "true");
  await expect(name).not.toHaveAttribute("aria-invalid");
  await expect(page).toHaveURL(/\/register$/);

  // An email that already has an account.
  const existing = await registerAndSignIn(request);
  await page.goto("/register");
  await name.fill("Người thứ hai");
  await email.fill(existing.email);
  await password.fill("mot-mat-khau-khac");
  await submit.click();
  await expect(email).toHaveAccessibleDescription("Email này đã có tài khoản.");
  await expect(password).not.toHaveAttribute("aria-invalid");
  await expect(name).not.toHaveAttribute("aria-invalid");
  await expect(page).toHaveURL(/\/register$/);
});

test("a wrong password and an unknown email get the same generic message", async ({ page, request }) => {
  const user = await registerAndSignIn(request);
  const generic = "Email hoặc mật khẩu không đúng.";

  await page.goto("/sign-in");
  await signInInBrowser(page, { ...user, password: "sai-mat-khau-roi" });
  const wrongPassword = page.getByRole("alert").filter({ hasText: /\S/ });
  await expect(wrongPassword).toHaveText(generic);
  await expect(page).toHaveURL(/\/sign-in$/);

  await page.goto("/sign-in");
  await signInInBrowser(page, { ...newTestUser(), password: user.password });
  const unknownEmail = page.getByRole("alert").filter({ hasText: /\S/ });
  await expect(unknownEmail).toHaveText(generic);
  await expect(page).toHaveURL(/\/sign-in$/);
});
