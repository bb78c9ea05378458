// Abuse limits on an app process of their own with low limits (the shared e2e app has them raised):
// failed sign-ins per account and per IP, registrations per IP, messages per user per minute, share
// links per user per hour.
// Counters live in the database, so they hold across instances (see tests/security-rate-limit.test.ts).
import { randomUUID } from "node:crypto";
import { expect, test, type APIRequestContext, type APIResponse, type Page } from "@playwright/test";
import { newTestUser, signInWithApi, type TestUser } from "./support/accounts";
import { awayFromWindowEnd } from "../tests/support/rate-limit-windows";
import { startSecurityApp, type SecurityApp } from "../tests/support/security-app";

test.describe.configure({ mode: "serial" });

let site: SecurityApp;
// Signed in before the other tests spend this address's registration budget.
let request: APIRequestContext;
// The signed-in user's thread (its one message and reply are complete).
let threadId: string;

test.beforeAll(async ({ playwright }) => {
  site = await startSecurityApp("limits", {
    RATE_LIMIT_SIGN_IN_PER_ACCOUNT: "3",
    RATE_LIMIT_SIGN_IN_PER_IP: "8",
    RATE_LIMIT_REGISTER_PER_IP: "4",
    RATE_LIMIT_MESSAGES_PER_MINUTE: "2",
    RATE_LIMIT_MESSAGES_PER_DAY: "100",
    RATE_LIMIT_SHARES_PER_HOUR: "2",
  });
  request = await playwright.request.newContext({ baseURL: site.app.url });
  const user = newTestUser();
  expect((await request.post("/api/register", { data: user })).status()).toBe(201);
  await signInWithApi(request, user);
  // The first of the two messages a minute allows (its text must never reach the logs).
  threadId = randomUUID();
  const first = await request.post("/api/chat", { data: { trigger: "submit", threadId, text: "Tin nhắn bí mật 0" } });
  expect(first.status(), await first.text()).toBe(200);
});

test.afterAll(async () => {
  await request?.dispose();
  await site?.close();
});

async function register(page: Page, user: TestUser) {
  return page.request.post(`${site.app.url}/api/register`, { data: user });
}

async function signInInBrowser(page: Page, email: string, password: string) {
  await page.goto(`${site.app.url}/sign-in`);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Mật khẩu").fill(password);
  await page.getByRole("button", { name: "Đăng nhập" }).click();
}

const HOUR = 3_600_000;
// RATE_LIMIT_SIGN_IN_WINDOW_SECONDS's default.
const SIGN_IN_WINDOW = 15 * 60_000;
const wrong = "Email hoặc mật khẩu không đúng.";
const limited = /Quá nhiều lần thử không thành công\. Vui lòng thử lại sau 15 phút\./;

test("share links per user per hour: over the limit, the dialog says how long to wait", async ({ page }) => {
  // The three links below must fall in one hour-long window.
  await awayFromWindowEnd(HOUR, 30_000);
  await page.context().addCookies((await request.storageState()).cookies);
  await page.goto(`${site.app.url}/c/${threadId}`);
  await page.getByRole("button", { name: "Chia sẻ", exact: true }).click();
  const dialog = page.getByRole("dialog", { name: "Chia sẻ cuộc trò chuyện" });
  for (let link = 0; link < 2; link++) {
    await dialog.getByRole("button", { name: /^Tạo liên kết/ }).click();
    await expect(dialog.getByRole("status")).toHaveText("Đã tạo liên kết.");
  }
  await dialog.getByRole("button", { name: "Tạo liên kết mới" }).click();
  await expect(
    dialog
      .getByRole("alert")
      .filter({ hasText: /^Bạn đã tạo quá nhiều liên kết chia sẻ\. Hãy thử lại sau \d+ (giây|phút)\.$/ }),
  ).toBeVisible();
  // The link created before stays shown; the API says the same with the rest of the hour to wait.
  await expect(dialog.getByRole("textbox", { name: "Liên kết chia sẻ" })).toHaveValue(/\/s\//);
  const refused = await request.post(`/api/threads/${threadId}/shares`);
  expect(refused.status()).toBe(429);
  expect(((await refused.json()) as { error: { code: string } }).error.code).toBe("rate_limited");
  const retryAfter = Number(refused.headers()["retry-after"]);
  expect(retryAfter).toBeGreaterThan(0);
  expect(retryAfter).toBeLessThanOrEqual(3600);
  expect(
    ((await (await request.get(`/api/threads/${threadId}/shares`)).json()) as { shares: unknown[] }).shares,
  ).toHaveLength(2);
});

test("failed sign-ins per account: then a wait, with the same message for known and unknown emails", async ({
  page,
}) => {
  // This test and the next count failures in one 15-minute window: not one that ends within 90 s.
  test.setTimeout(180_000);
  await awayFromWindowEnd(SIGN_IN_WINDOW, 90_000);
  const user = newTestUser();
  expect((await register(page, user)).status()).toBe(201);
  for (let attempt = 0; attempt < 3; attempt++) {
    await signInInBrowser(page, user.email, "mat-khau-sai-roi");
    await expect(page.getByRole("alert").filter({ hasText: wrong })).toBeVisible();
  }
  // Now even the right password waits, and the message says how long.
  await signInInBrowser(page, user.email, user.password);
  await expect(page.getByRole("alert").filter({ hasText: limited })).toBeVisible();
  await expect(page).toHaveURL(/\/sign-in/);

  const unknown = `nobody-${randomUUID()}@example.vn`;
  for (let attempt = 0; attempt < 3; attempt++) {
    await signInInBrowser(page, unknown, "mat-khau-sai-roi");
    await expect(page.getByRole("alert").filter({ hasText: wrong })).toBeVisible();
  }
  await signInInBrowser(page, unknown, "mat-khau-sai-roi");
  await expect(page.getByRole("alert").filter({ hasText: limited })).toBeVisible();
});

test("failed sign-ins per IP: spread over many emails, they are limited too", async ({ page }) => {
  // 6 failures so far from this address (limit 8): two more, then every email waits.
  for (let attempt = 0; attempt < 2; attempt++) {
    await signInInBrowser(page, `someone-${randomUUID()}@example.vn`, "mat-khau-sai-roi");
    await expect(page.getByRole("alert").filter({ hasText: wrong })).toBeVisible();
  }
  await signInInBrowser(page, `someone-${randomUUID()}@example.vn`, "mat-khau-sai-roi");
  await expect(page.getByRole("alert").filter({ hasText: limited })).toBeVisible();
});

test("registrations per IP: a forged X-Forwarded-For does not help without TRUST_PROXY", async ({ page }) => {
  // Two accounts so far from this address (limit 4): the signed-in one and the sign-in test's. Windows
  // are fixed hours, and one may have turned meanwhile: of five more in a row, each claiming another
  // address, one is refused whatever the clock says.
  let refused: APIResponse | undefined;
  for (let attempt = 1; attempt <= 5 && !refused; attempt++) {
    const response = await page.request.post(`${site.app.url}/api/register`, {
      data: newTestUser(),
      headers: { "x-forwarded-for": `198.51.100.${attempt}` },
    });
    if (response.status() === 429) refused = response;
    else expect(response.status(), await response.text()).toBe(201);
  }
  if (!refused) throw new Error("no registration was refused");
  // The rest of the hour-long window (windows are fixed: just before the hour, only seconds are left).
  const retryAfter = Number(refused.headers()["retry-after"]);
  expect(retryAfter).toBeGreaterThan(0);
  expect(retryAfter).toBeLessThanOrEqual(3600);
  expect(((await refused.json()) as { error: { code: string } }).error.code).toBe("rate_limited");

  await page.goto(`${site.app.url}/register`);
  await page.getByLabel("Tên hiển thị").fill("Người thứ năm");
  await page.getByLabel("Email").fill(newTestUser().email);
  await page.getByLabel("Mật khẩu").fill("mat-khau-rat-an-toan");
  await page.getByRole("button", { name: "Tạo tài khoản" }).click();
  await expect(
    page
      .getByRole("alert")
      .filter({ hasText: /Quá nhiều tài khoản được tạo từ địa chỉ này\. Vui lòng thử lại sau \d+ phút\./ }),
  ).toBeVisible();
});

test("logs are JSON lines with request and user ids, without message text, emails or passwords", () => {
  const lines = site.app
    .output()
    .split("\n")
    .filter((line) => line.startsWith("{"))
    .map((line) => JSON.parse(line) as Record<string, unknown>);
  const uuid = /^[0-9a-f-]{36}$/;
  const signedIn = lines.find((line) => line.message === "sign-in succeeded");
  expect(signedIn?.requestId).toMatch(uuid);
  expect(signedIn?.userId).toMatch(uuid);
  const refused = lines.find((line) => line.message === "sign-in refused: too many failures");
  expect(refused?.requestId).toMatch(uuid);
  const output = site.app.output();
  for (const secret of ["Tin nhắn bí mật 0", "@example.vn", "mat-khau"]) expect(output).not.toContain(secret);
});

test("messages per user per minute: over the limit, 429 with the time to wait", async () => {
  // Two a minute: whichever minute these fall in, one of five in a row is refused.
  let refused: APIResponse | undefined;
  for (let sent = 0; sent < 5 && !refused; sent++) {
    const threadId = randomUUID();
    const response = await request.post("/api/chat", { data: { trigger: "submit", threadId, text: `Tin ${sent}` } });
    if (response.status() === 429) {
      refused = response;
      expect((await request.get(`/api/threads/${threadId}`)).status()).toBe(404);
    } else {
      expect(response.status(), await response.text()).toBe(200);
    }
  }
  expect(refused).toBeDefined();
  expect((await refused?.json()) as unknown).toMatchObject({ error: { code: "rate_limited" } });
  const wait = Number(refused?.headers()["retry-after"]);
  expect(wait).toBeGreaterThanOrEqual(1);
  expect(wait).toBeLessThanOrEqual(60);
});
