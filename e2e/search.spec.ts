// Search across the user's own threads: a query typed without diacritics finds Vietnamese text,
// the matched words are highlighted, a result opens its thread, and nothing of another user's shows.
import { randomUUID } from "node:crypto";
import { expect, request as playwrightRequest, test, type APIRequestContext, type Page } from "@playwright/test";
import { registerAndSignIn, registerInBrowser } from "./support/accounts";
import { uniqueWord } from "./support/chat";
import { e2eAppUrl } from "./support/urls";

const searchBox = (page: Page) => page.getByRole("searchbox", { name: "Tìm trong các cuộc trò chuyện" });
const results = (page: Page) => page.getByRole("list", { name: "Kết quả tìm kiếm" });

/** Sends a message through the API (the reply streams to the end) and returns the thread's id. */
async function chat(request: APIRequestContext, text: string): Promise<string> {
  const threadId = randomUUID();
  const sent = await request.post("/api/chat", { data: { trigger: "submit", threadId, text } });
  expect(sent.status(), await sent.text()).toBe(200);
  await sent.body();
  return threadId;
}

async function messageIds(request: APIRequestContext, threadId: string): Promise<string[]> {
  const body = (await (await request.get(`/api/threads/${threadId}`)).json()) as {
    thread: { messages: { id: string }[] };
  };
  return body.thread.messages.map((message) => message.id);
}

test("a query without diacritics finds, highlights and opens the user's own messages only", async ({ page }) => {
  await registerInBrowser(page);
  // A word with marks of its own ("Đường…"), so only this test's text can match.
  const word = uniqueWord("Đường");
  const folded = word.replace("Đường", "duong");
  const threadId = await chat(page.request, `Gợi ý lịch trình Đà Nẵng ${word} ba ngày`);
  const [questionId] = await messageIds(page.request, threadId);

  const stranger = await playwrightRequest.newContext({ baseURL: e2eAppUrl });
  await registerAndSignIn(stranger);
  const secret = uniqueWord("Bí");
  const theirThreadId = await chat(stranger, `Bí mật Đà Nẵng ${word} ${secret}`);
  const [theirMessageId] = await messageIds(stranger, theirThreadId);
  await stranger.dispose();

  await page.goto("/search");
  await expect(page.getByRole("heading", { level: 1, name: "Tìm kiếm" })).toBeVisible();
  await searchBox(page).fill(`da nang ${folded.toUpperCase()}`);
  // As-you-type: no Enter needed; the query is kept in the URL.
  await expect(page).toHaveURL(new RegExp(`/search\\?q=da(\\+|%20)nang(\\+|%20)${folded.toUpperCase()}$`));
  const list = results(page);
  await expect(list.getByRole("listitem")).not.toHaveCount(0);
  // The thread's title and both messages (question, and the reply quoting it), never the stranger's.
  await expect(list.getByRole("listitem")).toHaveCount(3);
  await expect(list).not.toContainText("Bí mật");
  const question = list.getByRole("link", { name: /Bạn ·/ });
  await expect(question.locator("mark")).toHaveText(["Đà", "Nẵng", word]);
  await expect(page.getByRole("status").filter({ hasText: "3 kết quả" })).toBeVisible();

  // A reload keeps the query and its results.
  await page.reload();
  await expect(searchBox(page)).toHaveValue(`da nang ${folded.toUpperCase()}`);
  await expect(results(page).getByRole("listitem")).toHaveCount(3);

  await results(page).getByRole("link", { name: /Bạn ·/ }).click();
  await expect(page).toHaveURL(`${e2eAppUrl}/c/${threadId}?message=${questionId}`);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(`Gợi ý lịch trình Đà Nẵng ${word} ba ngày`);

  // Another user's message id in the link is dropped, and shows nothing of theirs.
  await page.goto(`/c/${threadId}?message=${theirMessageId}`);
  await expect(page).toHaveURL(`${e2eAppUrl}/c/${threadId}`);
  await expect(page.getByRole("main")).not.toContainText("Bí mật");

  // No results: said so; the stranger's words find nothing.
  await page.goto("/search");
  await searchBox(page).fill(`bi mat ${secret.replace("Bí", "bi")}`);
  await searchBox(page).press("Enter");
  await expect(page.getByRole("status").filter({ hasText: "Không tìm thấy kết quả nào" })).toBeVisible();
  await expect(results(page)).toHaveCount(0);
});

test("hostile queries are plain searches", async ({ page }) => {
  await registerInBrowser(page);
  await page.goto("/search");
  for (const query of ['"', "NEAR(", "*", '\'; DROP TABLE "Message"; --', "<script>alert(1)</script>"]) {
    await searchBox(page).fill(query);
    await searchBox(page).press("Enter");
    await expect(
      page.getByRole("status").filter({ hasText: `Không tìm thấy kết quả nào cho “${query}”.` }),
    ).toBeVisible();
  }
});
