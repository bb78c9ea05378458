// Forgotten password, against a real SMTP server on loopback: the mail arrives, the link works
// once, an expired or reused link is refused, the answer is the same for unknown addresses, and a
// reset ends every existing session. Without SMTP_URL the option does not exist.
import { createClient } from "@libsql/client";
import { expect, request as playwrightRequest, test, type Page } from "@playwright/test";
import { newTestUser, signInWithApi, type TestUser } from "./support/accounts";
import { startLoopbackSmtp, type LoopbackSmtp } from "../tests/support/loopback-smtp";
import { startSecurityApp, type SecurityApp } from "../tests/support/security-app";

test.describe.configure({ mode: "serial" });

let smtp: LoopbackSmtp;
let site: SecurityApp;

test.beforeAll(async () => {
  smtp = await startLoopbackSmtp();
  site = await startSecurityApp("reset", { SMTP_URL: smtp.url, MAIL_FROM: "PhoGPT Chat <no-reply@phogpt.test>" });
});

test.afterAll(async () => {
  await site?.close();
  await smtp?.close();
});

async function register(user: TestUser) {
  const response = await fetch(`${site.app.url}/api/register`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(user),
  });
  expect(response.status).toBe(201);
}

async function askForReset(page: Page, email: string) {
  await page.goto(`${site.app.url}/sign-in`);
  await page.getByRole("link", { name: "Quên mật khẩu?" }).click();
  await expect(page.getByRole("heading", { name: "Quên mật khẩu" })).toBeVisible();
  await page.getByLabel("Email").fill(email);
  await page.getByRole("button", { name: "Gửi liên kết đặt lại" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Nếu email này có tài khoản" })).toContainText("30 phút");
}

async function resetWith(page: Page, link: string, password: string) {
  await page.goto(link);
  await page.getByLabel("Mật khẩu mới").fill(password);
  await page.getByRole("button", { name: "Đặt mật khẩu mới" }).click();
}

function linkIn(text: string): string {
  const link = /(http:\/\/\S+\/reset-password\?token=[A-Za-z0-9_-]+)/.exec(text)?.[1];
  expect(link, text).toBeDefined();
  return link ?? "";
}

test("without SMTP_URL there is no forgotten-password option", async ({ request }) => {
  const signIn = await request.get("/sign-in");
  expect(await signIn.text()).not.toContain("/forgot-password");
  expect((await request.get("/forgot-password")).status()).toBe(404);
  const api = await request.post("/api/account/password-reset", { data: { email: "a@b.vn" } });
  expect(api.status()).toBe(404);
});

test("the reset mail arrives, its link works once and ends every other session", async ({ page }) => {
  const user = newTestUser();
  await register(user);
  const other = await playwrightRequest.newContext({ baseURL: site.app.url });
  await signInWithApi(other, user);

  await askForReset(page, user.email);
  const mail = await smtp.waitForMail(user.email);
  expect(mail.from).toBe("no-reply@phogpt.test");
  expect(mail.subject).toBe("Đặt lại mật khẩu PhoGPT Chat");
  const link = linkIn(mail.text);
  expect(link.startsWith(`${site.app.url}/reset-password?token=`)).toBe(true);

  await resetWith(page, link, "mat-khau-sau-khi-quen");
  await expect(page.getByRole("status").filter({ hasText: "Đã đặt mật khẩu mới." })).toBeVisible();
  expect((await other.get("/api/threads")).status()).toBe(401);
  await other.dispose();

  const fresh = await playwrightRequest.newContext({ baseURL: site.app.url });
  await signInWithApi(fresh, { ...user, password: "mat-khau-sau-khi-quen" });
  await fresh.dispose();

  // The same link again: refused.
  await resetWith(page, link, "mat-khau-lan-thu-hai");
  await expect(page.getByRole("alert").filter({ hasText: "không hợp lệ, đã hết hạn hoặc đã được dùng" })).toBeVisible();
});

test("an expired link is refused", async ({ page }) => {
  const user = newTestUser();
  await register(user);
  await askForReset(page, user.email);
  const link = linkIn((await smtp.waitForMail(user.email)).text);
  const database = createClient({ url: site.databaseUrl });
  await database.execute(`UPDATE "PasswordResetToken" SET "expiresAt" = 0`);
  database.close();
  await resetWith(page, link, "mat-khau-qua-han-roi");
  await expect(page.getByRole("alert").filter({ hasText: "không hợp lệ, đã hết hạn hoặc đã được dùng" })).toBeVisible();
  const old = await playwrightRequest.newContext({ baseURL: site.app.url });
  await signInWithApi(old, user);
  await old.dispose();
});

test("an unknown address gets the same answer and no mail", async ({ page }) => {
  const unknown = `nobody-${crypto.randomUUID()}@example.vn`;
  await askForReset(page, unknown);
  const known = newTestUser();
  await register(known);
  const answers = await Promise.all(
    [known.email, unknown].map(async (email) => {
      const response = await fetch(`${site.app.url}/api/account/password-reset`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ email }),
      });
      return { status: response.status, body: await response.text() };
    }),
  );
  expect(answers[0]).toEqual(answers[1]);
  expect(answers[0]?.status).toBe(202);
  await smtp.waitForMail(known.email);
  expect(smtp.mails.filter((mail) => mail.to.includes(unknown))).toEqual([]);
});
