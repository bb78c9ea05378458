// The sidebar: threads grouped by last activity and loaded page by page as the list scrolls, the
// open thread highlighted, a thread with a new reply moving to the top, rename, delete, delete
// all, the drawer on phones (by touch), and the API's owner checks behind them.
import { randomUUID } from "node:crypto";
import { expect, request as playwrightRequest, test, type Page } from "@playwright/test";
import { registerAndSignIn, registerInBrowser } from "./support/accounts";
import {
  assistantMessages,
  emulatorRequestFor,
  messageLog,
  sendAndWaitForReply,
  sidebar,
  stopButton,
  threadIdOf,
  threadUrlPattern,
  uniqueWord,
} from "./support/chat";
import { openPrivateApp, type PrivateApp } from "./support/private-app";
import { seedThreads } from "./support/seed-threads";
import { createThread, deleteFromSidebar, storedTitle, threadLink, threadLinks, ui } from "./support/sidebar";
import { setTabVisibility } from "./support/tab-visibility";
import { e2eAppUrl } from "./support/urls";

test.describe("on a wide screen", () => {
  test("rename: Enter saves, Escape cancels, an empty name is refused", async ({ page }) => {
    await registerInBrowser(page);
    const threadId = await createThread(page, "Kế hoạch du lịch");
    await page.goto(`/c/${threadId}`);
    const input = sidebar(page).getByRole("textbox", { name: ui.renameInput });

    await sidebar(page)
      .getByRole("button", { name: ui.rename("Kế hoạch du lịch") })
      .click();
    await expect(input).toBeFocused();
    await expect(input).toHaveValue("Kế hoạch du lịch");
    await input.fill("Tên tạm");
    await input.press("Escape");
    await expect(input).toHaveCount(0);
    await expect(threadLink(page, "Kế hoạch du lịch")).toBeVisible();
    expect(await storedTitle(page, threadId)).toBe("Kế hoạch du lịch");

    await sidebar(page)
      .getByRole("button", { name: ui.rename("Kế hoạch du lịch") })
      .click();
    await input.fill("   ");
    await input.press("Enter");
    await expect(sidebar(page).getByRole("alert")).toHaveText(ui.renameEmpty);
    await expect(input).toBeVisible();
    expect(await storedTitle(page, threadId)).toBe("Kế hoạch du lịch");

    await input.fill("  Du lịch Đà Lạt tháng 12  ");
    await input.press("Enter");
    await expect(input).toHaveCount(0);
    await expect(threadLink(page, "Du lịch Đà Lạt tháng 12")).toHaveAttribute("aria-current", "page");
    expect(await storedTitle(page, threadId)).toBe("Du lịch Đà Lạt tháng 12");
    await page.reload();
    await expect(threadLink(page, "Du lịch Đà Lạt tháng 12")).toBeVisible();
  });

  test("delete asks first, removes the thread with its messages and leaves its page", async ({ page }) => {
    await registerInBrowser(page);
    const kept = await createThread(page, "Giữ lại");
    const doomed = await createThread(page, "Sẽ xóa");
    await createThread(page, "Thừa");
    await page.goto(`/c/${doomed}`);
    const deleteButton = sidebar(page).getByRole("button", { name: ui.delete("Sẽ xóa") });
    const dialog = page.getByRole("dialog", { name: ui.deleteDialog });

    await deleteButton.click();
    await expect(dialog).toBeVisible();
    await expect(dialog).toContainText("“Sẽ xóa” và mọi tin nhắn trong đó sẽ bị xóa vĩnh viễn.");
    await dialog.getByRole("button", { name: ui.cancel }).click();
    await expect(dialog).toHaveCount(0);
    await expect(deleteButton).toBeFocused();
    await deleteButton.click();
    await page.keyboard.press("Escape");
    await expect(dialog).toHaveCount(0);
    expect((await page.request.get(`/api/threads/${doomed}`)).status()).toBe(200);

    // Another thread than the open one: the page stays, focus goes to the list's heading.
    await sidebar(page)
      .getByRole("button", { name: ui.delete("Thừa") })
      .click();
    await dialog.getByRole("button", { name: ui.deleteConfirm, exact: true }).click();
    await expect(threadLink(page, "Thừa")).toHaveCount(0);
    await expect(sidebar(page).getByRole("heading", { name: "Gần đây" })).toBeFocused();
    await expect(page).toHaveURL(new RegExp(`/c/${doomed}$`));

    await deleteButton.click();
    await dialog.getByRole("button", { name: ui.deleteConfirm, exact: true }).click();
    await expect(page).toHaveURL(/\/$/);
    await expect(threadLink(page, "Sẽ xóa")).toHaveCount(0);
    await expect(threadLink(page, "Giữ lại")).toBeVisible();
    expect((await page.request.get(`/api/threads/${doomed}`)).status()).toBe(404);
    expect((await page.request.get(`/api/threads/${kept}`)).status()).toBe(200);
    await page.reload();
    await expect(threadLinks(page)).toHaveText(["Giữ lại"]);
  });

  test("deleting a thread started on this page leaves its messages for an empty new chat", async ({ page }) => {
    await registerInBrowser(page);
    const question = `Bắt đầu ở đây ${uniqueWord()}`;
    await sendAndWaitForReply(page, question);
    await expect(page).toHaveURL(threadUrlPattern);
    const started = threadIdOf(page);

    await deleteFromSidebar(page, question);
    await expect(page).toHaveURL(/\/$/);
    // The page got its /c/ address without a navigation: the new chat must not be the old one.
    await expect(messageLog(page).getByRole("article")).toHaveCount(0);
    await sendAndWaitForReply(page, "Một cuộc mới");
    expect(threadIdOf(page)).not.toBe(started);
    expect((await page.request.get(`/api/threads/${started}`)).status()).toBe(404);
  });

  test("delete all needs the typed word and removes every conversation", async ({ page }) => {
    await registerInBrowser(page);
    const first = await createThread(page, "Một");
    await createThread(page, "Hai");
    await page.goto(`/c/${first}`);
    const refused = await page.request.delete("/api/threads", { data: {} });
    expect(refused.status()).toBe(422);
    await expect(threadLinks(page)).toHaveCount(2);

    await sidebar(page).getByRole("button", { name: ui.deleteAll }).click();
    const dialog = page.getByRole("dialog", { name: ui.deleteAllDialog });
    const confirm = dialog.getByRole("button", { name: ui.deleteAllConfirm });
    await expect(confirm).toBeDisabled();
    await dialog.getByLabel(ui.deleteAllWord).fill("xoá nhầm");
    await expect(confirm).toBeDisabled();
    await dialog.getByLabel(ui.deleteAllWord).fill("xóa");
    await confirm.click();
    await expect(page).toHaveURL(/\/$/);
    await expect(sidebar(page).getByText(ui.empty)).toBeVisible();
    await expect(threadLinks(page)).toHaveCount(0);
    const listed = (await (await page.request.get("/api/threads")).json()) as { threads: unknown[] };
    expect(listed.threads).toEqual([]);
    expect((await page.request.get(`/api/threads/${first}`)).status()).toBe(404);
  });

  test("another tab's sidebar follows a new chat, a rename, a delete and delete all without a reload", async ({
    page,
  }) => {
    await registerInBrowser(page);
    await createThread(page, "Một");
    await createThread(page, "Hai");
    await page.goto("/");
    const other = await page.context().newPage();
    await other.goto("/");
    await expect(threadLinks(other)).toHaveText(["Hai", "Một"]);

    const question = `Tab mới ${uniqueWord()}`;
    await sendAndWaitForReply(page, question);
    await expect(threadLink(other, question)).toBeVisible();

    await sidebar(page)
      .getByRole("button", { name: ui.rename("Một") })
      .click();
    await sidebar(page).getByRole("textbox", { name: ui.renameInput }).fill("Một đã đổi");
    await sidebar(page).getByRole("textbox", { name: ui.renameInput }).press("Enter");
    await expect(threadLink(other, "Một đã đổi")).toBeVisible();

    // The other tab shows the thread deleted here: it leaves it for a new chat, as this one would.
    await threadLink(other, "Hai").click();
    await expect(other).toHaveURL(threadUrlPattern);
    await deleteFromSidebar(page, "Hai");
    await expect(threadLink(other, "Hai")).toHaveCount(0);
    await expect(threadLinks(other)).toHaveCount(2);
    await expect(other).toHaveURL(/\/$/);

    await sidebar(page).getByRole("button", { name: ui.deleteAll }).click();
    const dialog = page.getByRole("dialog", { name: ui.deleteAllDialog });
    await dialog.getByLabel(ui.deleteAllWord).fill("XÓA");
    await dialog.getByRole("button", { name: ui.deleteAllConfirm }).click();
    await expect(sidebar(other).getByText(ui.empty)).toBeVisible();
    await expect(threadLinks(other)).toHaveCount(0);
    await other.close();
  });

  test("back to the tab, the sidebar shows what was done meanwhile on another device", async ({ page }) => {
    await registerInBrowser(page);
    await createThread(page, "Cũ");
    await page.goto("/");
    await expect(threadLinks(page)).toHaveText(["Cũ"]);

    await setTabVisibility(page, "hidden");
    // Another device: the API, with no event reaching this browser.
    await createThread(page, "Từ máy khác");
    await expect(threadLinks(page)).toHaveText(["Cũ"]);

    await setTabVisibility(page, "visible");
    await expect(threadLinks(page)).toHaveText(["Từ máy khác", "Cũ"]);
  });

  test("the open thread is highlighted and a new reply moves its thread to the top without a reload", async ({
    page,
  }) => {
    await registerInBrowser(page);
    const older = await createThread(page, "Cuộc cũ");
    await createThread(page, "Cuộc mới");
    await page.goto(`/c/${older}`);
    await expect(threadLinks(page)).toHaveText(["Cuộc mới", "Cuộc cũ"]);
    await expect(threadLink(page, "Cuộc cũ")).toHaveAttribute("aria-current", "page");
    await expect(threadLink(page, "Cuộc mới")).not.toHaveAttribute("aria-current", /.*/);
    await expect(sidebar(page).getByRole("link", { name: ui.search })).toHaveAttribute("href", "/search");

    await page.evaluate(() => Object.assign(window, { sameDocument: true }));
    await sendAndWaitForReply(page, "Thêm một câu hỏi");
    await expect(threadLinks(page)).toHaveText(["Cuộc cũ", "Cuộc mới"]);
    await expect(threadLink(page, "Cuộc cũ")).toHaveAttribute("aria-current", "page");
    expect(await page.evaluate(() => "sameDocument" in window)).toBe(true);

    // A new chat appears at the top once its reply starts, highlighted at its new address.
    await sidebar(page).getByRole("link", { name: "Cuộc trò chuyện mới" }).click();
    await expect(page).toHaveURL(/\/$/);
    await expect(assistantMessages(page)).toHaveCount(0);
    await sendAndWaitForReply(page, "Chủ đề thứ ba");
    await expect(page).toHaveURL(threadUrlPattern);
    await expect(threadLinks(page)).toHaveText(["Chủ đề thứ ba", "Cuộc cũ", "Cuộc mới"]);
    await expect(threadLink(page, "Chủ đề thứ ba")).toHaveAttribute("aria-current", "page");
  });
});

test("deleting a conversation whose reply is being generated stops the reply and deletes it", async ({ page }) => {
  await registerInBrowser(page);
  const threadId = randomUUID();
  const word = uniqueWord("xoa");
  const slow = page.request.post("/api/chat", {
    data: { trigger: "submit", threadId, text: `Trả lời thật chậm ${word} [[rate=5]] [[len=400]]` },
  });
  await emulatorRequestFor(page.request, word);
  await page.goto(`/c/${threadId}`);
  await expect(stopButton(page)).toBeVisible();

  await deleteFromSidebar(page, `Trả lời thật chậm ${word} [[rate=5]] [[len=400]]`);
  await expect(page).toHaveURL(/\/$/);
  // The model stops well before its 80 seconds, and nothing brings the thread back.
  await (await slow).body();
  await expect
    .poll(async () => (await emulatorRequestFor(page.request, word)).outcome, { timeout: 10_000 })
    .toMatch(/^(aborted|closed)$/);
  expect((await page.request.get(`/api/threads/${threadId}`)).status()).toBe(404);
  expect((await page.request.get("/api/health")).status()).toBe(200);
  await expect(threadLinks(page)).toHaveCount(0);
});

test("rename and delete answer another user 404 and validate their input", async () => {
  const owner = await playwrightRequest.newContext({ baseURL: e2eAppUrl });
  const intruder = await playwrightRequest.newContext({ baseURL: e2eAppUrl });
  await registerAndSignIn(owner);
  await registerAndSignIn(intruder);
  const threadId = randomUUID();
  const sent = await owner.post("/api/chat", { data: { trigger: "submit", threadId, text: "Của riêng tôi" } });
  expect(sent.status()).toBe(200);
  await sent.body();

  for (const id of [threadId, randomUUID()]) {
    const renamed = await intruder.patch(`/api/threads/${id}`, { data: { title: "Chiếm" } });
    expect(renamed.status()).toBe(404);
    expect(((await renamed.json()) as { error: { code: string } }).error.code).toBe("not_found");
    const deleted = await intruder.delete(`/api/threads/${id}`);
    expect(deleted.status()).toBe(404);
    expect(((await deleted.json()) as { error: { code: string } }).error.code).toBe("not_found");
  }
  expect((await intruder.delete("/api/threads", { data: { confirm: "DELETE" } })).status()).toBe(200);
  const kept = (await (await owner.get(`/api/threads/${threadId}`)).json()) as { thread: { title: string } };
  expect(kept.thread.title).toBe("Của riêng tôi");

  for (const [title, reason] of [
    ["", "title_empty"],
    ["   ", "title_empty"],
    ["a".repeat(81), "title_too_long"],
    ["hai\ndòng", "control_characters"],
  ] as const) {
    const response = await owner.patch(`/api/threads/${threadId}`, { data: { title } });
    expect(response.status(), JSON.stringify(title)).toBe(422);
    const body = (await response.json()) as { error: { code: string; fields?: Record<string, string> } };
    expect(body.error).toMatchObject({ code: "validation", fields: { title: reason } });
  }
  const renamed = await owner.patch(`/api/threads/${threadId}`, { data: { title: " Tên mới " } });
  expect(await renamed.json()).toMatchObject({ thread: { id: threadId, title: "Tên mới" } });

  for (const query of ["cursor=khong-phai-con-tro", "cursor=", "limit=0", "limit=101", "limit=abc"]) {
    const response = await owner.get(`/api/threads?${query}`);
    expect(response.status(), query).toBe(400);
    expect(((await response.json()) as { error: { code: string } }).error.code, query).toBe("bad_request");
  }
  await owner.dispose();
  await intruder.dispose();
});

test.describe("on a phone, by touch", () => {
  test.use({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });

  test("the sidebar is a drawer: open, close, navigate, rename and delete", async ({ page }) => {
    await registerInBrowser(page);
    const threadId = await createThread(page, "Trên điện thoại");
    await page.goto("/");
    const toggle = page.getByRole("button", { name: ui.toggle });
    await expect(sidebar(page)).toBeHidden();

    await toggle.tap();
    await expect(sidebar(page)).toBeVisible();
    await expect(sidebar(page).getByRole("button", { name: ui.close })).toBeFocused();
    // A tap outside the drawer (on the dimmed page) closes it.
    await page.touchscreen.tap(375, 420);
    await expect(sidebar(page)).toBeHidden();
    await expect(toggle).toBeFocused();

    await toggle.tap();
    await page.keyboard.press("Escape");
    await expect(sidebar(page)).toBeHidden();
    await toggle.tap();
    await sidebar(page).getByRole("button", { name: ui.close }).tap();
    await expect(sidebar(page)).toBeHidden();

    await toggle.tap();
    await threadLink(page, "Trên điện thoại").tap();
    await expect(page).toHaveURL(new RegExp(`/c/${threadId}$`));
    await expect(sidebar(page)).toBeHidden();

    await toggle.tap();
    await sidebar(page)
      .getByRole("button", { name: ui.rename("Trên điện thoại") })
      .tap();
    await sidebar(page).getByRole("textbox", { name: ui.renameInput }).fill("Đổi bằng tay");
    await sidebar(page).getByRole("button", { name: ui.renameSave }).tap();
    await expect(threadLink(page, "Đổi bằng tay")).toBeVisible();
    expect(await storedTitle(page, threadId)).toBe("Đổi bằng tay");

    await sidebar(page)
      .getByRole("button", { name: ui.delete("Đổi bằng tay") })
      .tap();
    await page
      .getByRole("dialog", { name: ui.deleteDialog })
      .getByRole("button", { name: ui.deleteConfirm, exact: true })
      .tap();
    await expect(page).toHaveURL(/\/$/);
    await expect(sidebar(page)).toBeHidden();
    await toggle.tap();
    await expect(sidebar(page).getByText(ui.empty)).toBeVisible();
  });

  test("the chat header's title and every action fit a small phone's width", async ({ page }) => {
    await registerInBrowser(page);
    const threadId = await createThread(page, "Một câu hỏi khá dài để tiêu đề phải bị cắt bớt trên điện thoại");
    await page.setViewportSize({ width: 320, height: 640 });
    await page.goto(`/c/${threadId}`);
    const controls = [
      page.getByRole("heading", { level: 1 }),
      page.getByRole("link", { name: "Xuất Markdown" }),
      page.getByRole("link", { name: "Xuất JSON" }),
      page.getByRole("button", { name: "Chia sẻ", exact: true }),
      page.getByRole("button", { name: "Cài đặt", exact: true }),
    ];
    for (const control of controls) {
      await expect(control).toBeVisible();
      const box = await control.boundingBox();
      expect(box?.x).toBeGreaterThanOrEqual(0);
      expect((box?.x ?? 0) + (box?.width ?? Infinity)).toBeLessThanOrEqual(320);
    }
    await page.getByRole("button", { name: "Chia sẻ", exact: true }).tap();
    await expect(page.getByRole("dialog", { name: "Chia sẻ cuộc trò chuyện" })).toBeVisible();
  });
});

test.describe("with seeded history", () => {
  test.describe.configure({ mode: "serial" });
  // Day groups follow the browser's time zone; Vietnam has no daylight saving time.
  test.use({ timezoneId: "Asia/Ho_Chi_Minh" });
  const VIETNAM_OFFSET_MS = 7 * 3600_000;
  const DAY_MS = 86_400_000;
  let privateApp: PrivateApp;

  test.beforeAll(async ({ browser }) => {
    test.setTimeout(180_000);
    privateApp = await openPrivateApp(browser, "sidebar", {
      RATE_LIMIT_REGISTER_PER_IP: "1000",
      RATE_LIMIT_SIGN_IN_PER_IP: "1000",
    });
  });
  test.afterAll(async () => {
    await privateApp?.close();
  });

  // Leaves the previous test's page first: a request of it still in flight would set its cookie again.
  async function signOutPage(page: Page) {
    await page.goto("about:blank");
    await page.context().clearCookies();
  }

  async function seededUser(page: Page, threads: Parameters<typeof seedThreads>[2]) {
    const user = await registerInBrowser(page);
    const ids = await seedThreads(privateApp.app.env.DATABASE_URL ?? "", user.email, threads);
    await page.goto("/");
    return ids;
  }

  test("groups threads by last activity in the local time zone", async () => {
    const { page } = privateApp;
    await signOutPage(page);
    const now = Date.now();
    const startOfToday = Math.floor((now + VIETNAM_OFFSET_MS) / DAY_MS) * DAY_MS - VIETNAM_OFFSET_MS;
    await seededUser(page, [
      { title: "Sáng nay", lastActivityAt: new Date(Math.max(startOfToday + 1000, now - 60_000)) },
      { title: "Tối qua", lastActivityAt: new Date(startOfToday - 2 * 3600_000) },
      { title: "Ba ngày trước", lastActivityAt: new Date(startOfToday - 3 * DAY_MS + 3600_000) },
      { title: "Hai mươi ngày trước", lastActivityAt: new Date(startOfToday - 20 * DAY_MS) },
      { title: "Năm ngoái", lastActivityAt: new Date(startOfToday - 300 * DAY_MS) },
    ]);
    await expect(sidebar(page).getByRole("heading", { level: 3 })).toHaveText(ui.groups);
    const expected = ["Sáng nay", "Tối qua", "Ba ngày trước", "Hai mươi ngày trước", "Năm ngoái"];
    for (const [index, group] of ui.groups.entries()) {
      await expect(sidebar(page).getByRole("region", { name: group }).getByRole("link")).toHaveText([
        expected[index] ?? "",
      ]);
    }
  });

  test("loads further pages as the list is scrolled, without gaps or repeats", async () => {
    const { page } = privateApp;
    await signOutPage(page);
    const base = Date.now() - 40 * DAY_MS;
    const titles = Array.from({ length: 130 }, (_, index) => `Chủ đề ${String(index).padStart(3, "0")}`);
    // Newest first; the 50th and 51st share a timestamp, across the first page's boundary.
    await seededUser(
      page,
      titles.map((title, index) => ({ title, lastActivityAt: new Date(base - (index === 50 ? 49 : index) * 60_000) })),
    );
    await expect(threadLinks(page)).toHaveCount(50);
    await scrollThroughList(page, 130);
    const shown = await threadLinks(page).allTextContents();
    expect(new Set(shown).size).toBe(130);
    expect([...shown].sort()).toEqual([...titles].sort());

    // A new server render of the layout (switching the language refreshes it) keeps what was loaded.
    await page.getByLabel("Ngôn ngữ").selectOption("en");
    await expect(page.getByRole("link", { name: "New chat" })).toBeVisible();
    const englishList = page.getByRole("navigation", { name: "Conversations" }).getByRole("listitem");
    await expect(englishList.getByRole("link")).toHaveCount(130);
    await page.getByLabel("Language").selectOption("vi");
    await expect(page.getByRole("link", { name: "Cuộc trò chuyện mới" })).toBeVisible();
    await expect(threadLinks(page)).toHaveCount(130);
  });
});

// Scrolls the sidebar's list to its end until `count` threads are listed.
async function scrollThroughList(page: Page, count: number) {
  await expect
    .poll(
      async () => {
        await threadLinks(page).last().scrollIntoViewIfNeeded();
        return threadLinks(page).count();
      },
      { timeout: 200_000, intervals: [100] },
    )
    .toBe(count);
}
