import { randomUUID } from "node:crypto";
import { expect, type APIRequestContext, type Page } from "@playwright/test";

export interface TestUser {
  email: string;
  name: string;
  password: string;
}

export function newTestUser(name = "Người dùng thử"): TestUser {
  return { email: `user-${randomUUID()}@example.vn`, name, password: "mat-khau-rat-an-toan" };
}

// Creates the account through the API and signs the request context in (Auth.js credentials flow).
export async function registerAndSignIn(request: APIRequestContext, user = newTestUser()): Promise<TestUser> {
  const created = await request.post("/api/register", { data: user });
  expect(created.status(), await created.text()).toBe(201);
  await signInWithApi(request, user);
  return user;
}

export async function signInWithApi(request: APIRequestContext, user: TestUser): Promise<void> {
  const { csrfToken } = (await (await request.get("/api/auth/csrf")).json()) as { csrfToken: string };
  const response = await request.post("/api/auth/callback/credentials", {
    form: { csrfToken, email: user.email, password: user.password, callbackUrl: "/" },
    maxRedirects: 0,
  });
  expect(response.status()).toBe(302);
  const session = (await (await request.get("/api/auth/session")).json()) as { user?: { email?: string } } | null;
  expect(session?.user?.email).toBe(user.email);
}

// The user journey through the real pages.
export async function registerInBrowser(page: Page, user = newTestUser()): Promise<TestUser> {
  await page.goto("/register");
  await page.getByLabel("Tên hiển thị").fill(user.name);
  await page.getByLabel("Email").fill(user.email);
  await page.getByLabel("Mật khẩu").fill(user.password);
  await page.getByRole("button", { name: "Tạo tài khoản" }).click();
  await expect(page.getByRole("textbox", { name: "Tin nhắn gửi PhoGPT" })).toBeVisible();
  return user;
}

// Fills the sign-in form already on screen (e.g. after a redirect with ?callbackUrl=) and submits it.
export async function signInInBrowser(page: Page, user: TestUser): Promise<void> {
  await expect(page).toHaveURL(/\/sign-in(\?|$)/);
  await page.getByLabel("Email").fill(user.email);
  await page.getByLabel("Mật khẩu").fill(user.password);
  await page.getByRole("button", { name: "Đăng nhập" }).click();
}

// registerInBrowser for a browser that asks for English (Accept-Language: en-US).
export async function registerInBrowserInEnglish(page: Page, user = newTestUser("Test user")): Promise<TestUser> {
  await page.goto("/register");
  await page.getByLabel("Display name").fill(user.name);
  await page.getByLabel("Email").fill(user.email);
  await page.getByLabel("Password").fill(user.password);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByRole("textbox", { name: "Message to PhoGPT" })).toBeVisible();
  return user;
}
