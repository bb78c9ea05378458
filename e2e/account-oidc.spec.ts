// Sign-in through OpenID Connect, against a real OpenID Provider on loopback (oidc-provider),
// driven through the real redirects in the browser: the first sign-in creates the user, a second
// one finds them, an email that already has a password account is never merged silently, and an
// account without a password is deleted with a typed confirmation.
import { randomUUID } from "node:crypto";
import { expect, test, type Browser, type Page } from "@playwright/test";
import { freePort } from "./support/app-process";
import { newTestUser, signInWithApi } from "./support/accounts";
import { request as playwrightRequest } from "@playwright/test";
import { startLoopbackOidc, type LoopbackOidc } from "../tests/support/loopback-oidc";
import { startSecurityApp, type SecurityApp } from "../tests/support/security-app";

test.describe.configure({ mode: "serial" });

let idp: LoopbackOidc;
let site: SecurityApp;
// Next.js writes 127.0.0.1 as localhost in the URLs Auth.js sees, so the app's public URL (and the
// redirect URI registered at the provider) uses localhost, and so does the browser.
let appUrl: string;
const providerName = "Keycloak thử nghiệm";

test.beforeAll(async () => {
  const [idpPort, appPort] = [await freePort(), await freePort()];
  appUrl = `http://localhost:${appPort}`;
  idp = await startLoopbackOidc({ port: idpPort, redirectUri: `${appUrl}/api/auth/callback/oidc` });
  site = await startSecurityApp(
    "oidc",
    {
      OIDC_ISSUER: idp.issuer,
      OIDC_CLIENT_ID: idp.clientId,
      OIDC_CLIENT_SECRET: idp.clientSecret,
      OIDC_NAME: providerName,
      AUTH_URL: appUrl,
    },
    appPort,
  );
});

test.afterAll(async () => {
  await site?.close();
  await idp?.close();
});

async function newPage(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ baseURL: appUrl, locale: "vi-VN" });
  const page = await context.newPage();
  return page;
}

// From the app's sign-in page through the provider's login (and consent) back to the app.
async function signInWithProvider(page: Page, login: string) {
  await page.goto("/sign-in");
  await page.getByRole("button", { name: `Đăng nhập bằng ${providerName}` }).click();
  await page.waitForURL((url) => url.origin === idp.issuer);
  await page.getByPlaceholder("Enter any login").fill(login);
  await page.getByPlaceholder("and password").fill("any-password");
  await page.getByRole("button", { name: "Sign-in" }).click();
  const consent = page.getByRole("button", { name: "Continue" });
  await page.waitForURL((url) => url.origin === appUrl || url.pathname.startsWith("/interaction"));
  if (new URL(page.url()).origin === idp.issuer) await consent.click();
  await page.waitForURL((url) => url.origin === appUrl);
}

test("the first sign-in creates the user, a second one finds the same user", async ({ browser }) => {
  const login = `oidc-${randomUUID()}`;
  const first = await newPage(browser);
  await signInWithProvider(first, login);
  await expect(first.getByRole("textbox", { name: "Tin nhắn gửi PhoGPT" })).toBeVisible();
  const threadId = randomUUID();
  const sent = await first.request.post("/api/chat", { data: { trigger: "submit", threadId, text: "Từ OIDC" } });
  expect(sent.status()).toBe(200);
  await sent.body();
  await first.goto("/account");
  await expect(first.getByText(`Email đăng nhập: ${login}@example.vn`)).toBeVisible();
  await expect(
    first.getByText("Tài khoản này đăng nhập qua nhà cung cấp danh tính nên không có mật khẩu."),
  ).toBeVisible();

  const second = await newPage(browser);
  await signInWithProvider(second, login);
  await expect(second.getByRole("textbox", { name: "Tin nhắn gửi PhoGPT" })).toBeVisible();
  const threads = (await (await second.request.get("/api/threads")).json()) as { threads: { id: string }[] };
  expect(threads.threads.map((thread) => thread.id)).toEqual([threadId]);
  await first.context().close();
  await second.context().close();
});

test("an email that has a password account is not merged: the sign-in page says what to do", async ({ browser }) => {
  const user = newTestUser();
  const created = await fetch(`${appUrl}/api/register`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(user),
  });
  expect(created.status).toBe(201);
  const page = await newPage(browser);
  // The provider names this login's email user-…@example.vn: the password account's address.
  await signInWithProvider(page, user.email.split("@")[0] ?? "");
  await expect(page).toHaveURL(/\/sign-in\?error=oidc_account_exists/);
  await expect(
    page.getByRole("alert").filter({ hasText: "Email này đã có tài khoản đăng nhập bằng mật khẩu." }),
  ).toBeVisible();
  expect((await page.request.get("/api/threads")).status()).toBe(401);
  await page.context().close();

  const withPassword = await playwrightRequest.newContext({ baseURL: appUrl });
  await signInWithApi(withPassword, user);
  expect(await (await withPassword.get("/api/account")).json()).toMatchObject({
    account: { email: user.email, hasPassword: true, linkedProviders: [] },
  });
  await withPassword.dispose();
});

test("an account without a password is deleted with the typed confirmation", async ({ browser }) => {
  const login = `oidc-${randomUUID()}`;
  const page = await newPage(browser);
  await signInWithProvider(page, login);
  const threadId = randomUUID();
  const sent = await page.request.post("/api/chat", { data: { trigger: "submit", threadId, text: "Sẽ xóa" } });
  expect(sent.status()).toBe(200);
  await sent.body();
  await page.goto("/account");
  const danger = page.getByRole("region", { name: "Xóa tài khoản" });
  await danger.getByLabel("Gõ XÓA để xác nhận").fill("không");
  await danger.getByRole("button", { name: "Xóa vĩnh viễn tài khoản" }).click();
  await expect(danger.getByText("Hãy gõ đúng từ xác nhận.")).toBeVisible();
  await danger.getByLabel("Gõ XÓA để xác nhận").fill("XÓA");
  await danger.getByRole("button", { name: "Xóa vĩnh viễn tài khoản" }).click();
  await expect(page).toHaveURL(/\/sign-in$/);

  await page.context().close();

  // Signing in again through the provider (another browser) starts a new, empty account.
  const again = await newPage(browser);
  await signInWithProvider(again, login);
  expect(await (await again.request.get("/api/threads")).json()).toEqual({ threads: [], nextCursor: null });
  await again.context().close();
});
