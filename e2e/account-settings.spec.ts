// The account page: display name, password change (ends the other sessions, keeps this one) and
// deletion (needs the password, says what goes, removes everything and ends every session).
import { randomUUID } from "node:crypto";
import { expect, request as playwrightRequest, test, type APIRequestContext, type Page } from "@playwright/test";
import { registerInBrowser, signInWithApi, type TestUser } from "./support/accounts";

async function openAccountPage(page: Page) {
  await page.getByRole("link", { name: "Cài đặt tài khoản" }).click();
  await expect(page.getByRole("heading", { name: "Tài khoản", level: 1 })).toBeVisible();
}

// A second session of the same user, elsewhere (another device).
async function otherSession(baseURL: string, user: TestUser) {
  const other = await playwrightRequest.newContext({ baseURL });
  await signInWithApi(other, user);
  expect((await other.get("/api/threads")).status()).toBe(200);
  return other;
}

async function expectSignedOut(request: APIRequestContext) {
  const api = await request.get("/api/threads");
  expect(api.status()).toBe(401);
  const page = await request.get("/", { maxRedirects: 0 });
  expect(page.status()).toBe(307);
  expect(page.headers()["location"]).toContain("/sign-in");
  // The outdated cookie does not bounce between "/" and the sign-in page.
  expect((await request.get("/sign-in", { maxRedirects: 0 })).status()).toBe(200);
}

test("changing the display name shows it at once", async ({ page }) => {
  await registerInBrowser(page);
  await openAccountPage(page);
  const name = page.getByRole("textbox", { name: "Tên hiển thị" });
  await name.fill("  ");
  await page.getByRole("button", { name: "Lưu tên" }).click();
  await expect(page.getByText("Hãy nhập tên hiển thị.")).toBeVisible();
  await name.fill("Tên mới của tôi");
  await page.getByRole("button", { name: "Lưu tên" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Đã lưu tên hiển thị." })).toBeVisible();
  await expect(page.getByText("Đang đăng nhập: Tên mới của tôi")).toBeVisible();
});

test("changing the password needs the current one, ends other sessions and keeps this one", async ({
  page,
  playwright,
  baseURL,
}) => {
  const user = await registerInBrowser(page);
  const other = await otherSession(baseURL ?? "", user);
  await openAccountPage(page);
  await expect(
    page.getByText("Đổi mật khẩu sẽ đăng xuất mọi thiết bị khác; thiết bị này vẫn đăng nhập."),
  ).toBeVisible();

  await page.getByLabel("Mật khẩu hiện tại").fill("khong-phai-mat-khau");
  await page.getByLabel("Mật khẩu mới", { exact: true }).fill("mat-khau-moi-an-toan");
  await page.getByRole("button", { name: "Đổi mật khẩu" }).click();
  await expect(page.getByText("Mật khẩu không đúng.")).toBeVisible();
  expect((await other.get("/api/threads")).status()).toBe(200);

  await page.getByLabel("Mật khẩu hiện tại").fill(user.password);
  await page.getByLabel("Mật khẩu mới", { exact: true }).fill("mat-khau-moi-an-toan");
  await page.getByRole("button", { name: "Đổi mật khẩu" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Đã đổi mật khẩu." })).toBeVisible();

  await expectSignedOut(other);
  await other.dispose();
  // This browser is still signed in, on its re-issued session.
  await page.reload();
  await expect(page.getByRole("heading", { name: "Tài khoản", level: 1 })).toBeVisible();
  expect((await page.request.get("/api/threads")).status()).toBe(200);

  const again = await playwright.request.newContext({ baseURL });
  const { csrfToken } = (await (await again.get("/api/auth/csrf")).json()) as { csrfToken: string };
  const old = await again.post("/api/auth/callback/credentials", {
    form: { csrfToken, email: user.email, password: user.password, callbackUrl: "/" },
    maxRedirects: 0,
  });
  expect(old.headers()["location"]).toContain("error=CredentialsSignin");
  await signInWithApi(again, { ...user, password: "mat-khau-moi-an-toan" });
  await again.dispose();
});

test("deleting the account says what goes, needs the password and removes everything", async ({
  page,
  playwright,
  baseURL,
}) => {
  const user = await registerInBrowser(page);
  const threadId = randomUUID();
  const sent = await page.request.post("/api/chat", { data: { trigger: "submit", threadId, text: "Sắp bị xóa" } });
  expect(sent.status()).toBe(200);
  await sent.body();
  const other = await otherSession(baseURL ?? "", user);

  await page.goto("/account");
  const danger = page.getByRole("region", { name: "Xóa tài khoản" });
  await expect(danger).toContainText("mọi cuộc trò chuyện, tin nhắn và liên kết chia sẻ");
  const submit = danger.getByRole("button", { name: "Xóa vĩnh viễn tài khoản" });
  await expect(submit).toBeDisabled();
  await danger.getByLabel("Mật khẩu để xác nhận xóa").fill("sai-mat-khau-roi");
  await submit.click();
  await expect(danger.getByText("Mật khẩu không đúng.")).toBeVisible();
  expect((await page.request.get(`/api/threads/${threadId}`)).status()).toBe(200);

  await danger.getByLabel("Mật khẩu để xác nhận xóa").fill(user.password);
  await submit.click();
  await expect(page).toHaveURL(/\/sign-in$/);
  await expect(page.getByRole("heading", { name: "Đăng nhập" })).toBeVisible();

  await expectSignedOut(other);
  await other.dispose();
  // The email is free again, and the new account starts empty.
  const fresh = await playwright.request.newContext({ baseURL });
  expect((await fresh.post("/api/register", { data: user })).status()).toBe(201);
  await signInWithApi(fresh, user);
  expect(await (await fresh.get("/api/threads")).json()).toEqual({ threads: [], nextCursor: null });
  expect((await fresh.get(`/api/threads/${threadId}`)).status()).toBe(404);
  await fresh.dispose();
});
