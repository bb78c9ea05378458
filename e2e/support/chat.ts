// The chat page as a user sees it (roles and accessible names, Vietnamese UI), and the
// emulator's request log, for the browser tests.
import { randomBytes } from "node:crypto";
import { expect, type APIRequestContext, type APIResponse, type Locator, type Page } from "@playwright/test";
import { e2eEmulatorUrl } from "./urls";

// Strings of lib/i18n/dictionaries.ts the tests look for.
export const vi = {
  composer: "Tin nhắn gửi PhoGPT",
  send: "Gửi",
  stop: "Dừng",
  retry: "Thử lại",
  messages: "Tin nhắn",
  you: "Bạn",
  assistant: "PhoGPT",
  sidebar: "Các cuộc trò chuyện",
  newChat: "Cuộc trò chuyện mới",
  modelStatus: "Trạng thái máy chủ mô hình",
  emulatorBadge: "Trình giả lập (không phải mô hình thật)",
  modelOffline: "Không kết nối được máy chủ mô hình",
  signOut: "Đăng xuất",
  streaming: "PhoGPT đang trả lời…",
  stopped: "Đã dừng trả lời.",
  modelError: "Máy chủ mô hình gặp lỗi khi tạo câu trả lời.",
  modelUnavailable: "Không kết nối được máy chủ mô hình. Tin nhắn của bạn đã được lưu; hãy thử lại sau.",
} as const;

export const threadUrlPattern = /\/c\/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

// A word no other test's message contains, to find this test's request in the shared emulator's log.
export function uniqueWord(prefix = "từ"): string {
  return `${prefix}${randomBytes(5).toString("hex")}`;
}

export const composer = (page: Page) => page.getByRole("textbox", { name: vi.composer });
export const sendButton = (page: Page) => page.getByRole("button", { name: vi.send, exact: true });
export const stopButton = (page: Page) => page.getByRole("button", { name: vi.stop, exact: true });
export const messageLog = (page: Page) => page.getByRole("log", { name: vi.messages });
export const userMessages = (page: Page) => messageLog(page).getByRole("article", { name: vi.you, exact: true });
export const assistantMessages = (page: Page) =>
  messageLog(page).getByRole("article", { name: vi.assistant, exact: true });
export const sidebar = (page: Page) => page.getByRole("navigation", { name: vi.sidebar });
export const modelStatus = (page: Page) => page.getByRole("status", { name: vi.modelStatus });

// Alerts with this text (Next's route announcer is an empty role="alert" too).
export const alertWith = (scope: Page | Locator, text: string | RegExp) =>
  scope.getByRole("alert").filter({ hasText: text });

// The text of one message, without its author label, error alert or "stopped" note:
// the body is the article's first <div> (message-item.tsx), the rest sits outside it.
export async function messageText(article: Locator): Promise<string> {
  return article.evaluate((element) => {
    const body = element.querySelector(":scope > div");
    return body instanceof HTMLElement ? body.innerText.trim() : "";
  });
}

export async function lastAssistantText(page: Page): Promise<string> {
  return messageText(assistantMessages(page).last());
}

// The last reply's text so far, "" before it appears (for polling while it streams).
export async function currentReplyText(page: Page): Promise<string> {
  return (await assistantMessages(page).count()) > 0 ? lastAssistantText(page) : "";
}

// What the page shows of the conversation: [author, text] per message.
export async function shownConversation(page: Page): Promise<string[][]> {
  const articles = await messageLog(page).getByRole("article").all();
  return Promise.all(
    articles.map(async (article) => [(await article.getAttribute("aria-label")) ?? "", await messageText(article)]),
  );
}

// Types the message and presses Enter, as a user would; does not wait for the reply.
export async function sendMessage(page: Page, text: string): Promise<void> {
  await expect(composer(page)).toBeEnabled();
  await composer(page).fill(text);
  await composer(page).press("Enter");
}

// The message list renders only the messages near the view: scrolls it up a screen at a time
// (older pages load on the way) until the locator is in the page.
export async function scrollLogUntilShown(page: Page, locator: Locator, screens = 60): Promise<void> {
  for (let screen = 0; screen < screens && (await locator.count()) === 0; screen++) {
    await messageLog(page).evaluate((log) => log.scrollBy({ top: -log.clientHeight }));
    await page.waitForTimeout(100);
  }
}

// Waits until no reply is being written: Send is back and the composer accepts text again.
export async function waitForReplyToSettle(page: Page): Promise<void> {
  await expect(sendButton(page)).toBeVisible();
  await expect(composer(page)).toBeEnabled();
  await expect(page.getByText(vi.streaming)).toHaveCount(0);
}

// Sends and waits for the whole reply; returns its displayed text. (Not by counting replies: the
// message list renders only the messages near the view, so counts change as it follows the end.)
export async function sendAndWaitForReply(page: Page, text: string): Promise<string> {
  await sendMessage(page, text);
  await expect(async () => {
    const articles = messageLog(page).getByRole("article");
    await expect(articles.last()).toHaveAccessibleName(vi.assistant, { timeout: 1_000 });
    expect(await messageText(articles.nth(-2))).toBe(text.trim());
  }).toPass();
  await waitForReplyToSettle(page);
  return lastAssistantText(page);
}

// The thread id in the page's URL (/c/<id>).
export function threadIdOf(page: Page): string {
  const id = new URL(page.url()).pathname.split("/").at(-1);
  if (!id) throw new Error(`no thread id in ${page.url()}`);
  return id;
}

export interface StoredMessage {
  id: string;
  role: "user" | "assistant";
  content: string;
  status: string;
  errorCode: string | null;
}

// The thread as the server stored it (the page's cookies sign the request in).
export async function storedMessages(page: Page, threadId = threadIdOf(page)): Promise<StoredMessage[]> {
  const response = await page.request.get(`/api/threads/${threadId}`);
  expect(response.status(), await response.text()).toBe(200);
  return ((await response.json()) as { thread: { messages: StoredMessage[] } }).thread.messages;
}

export interface EmulatorRequest {
  seq: number;
  prompt: string;
  questionCount: number;
  lastQuestion: string;
  outcome: string;
  generatedTokens: number;
  finishReason: string | null;
}

// The request context keeps connections to the emulator, which closes one idle past its Keep-Alive
// timeout: a request sent on it as it closes fails with ECONNRESET before any answer, and is sent
// once more (Node's advice; these calls only read). A CI run failed on it.
async function toEmulator(send: () => Promise<APIResponse>): Promise<APIResponse> {
  try {
    return await send();
  } catch (error) {
    if (error instanceof Error && error.message.includes("ECONNRESET")) return send();
    throw error;
  }
}

export async function emulatorState(request: APIRequestContext, emulatorUrl = e2eEmulatorUrl) {
  const response = await toEmulator(() => request.get(`${emulatorUrl}/emulator/state`));
  expect(response.ok()).toBe(true);
  return (await response.json()) as { inFlight: number; requests: EmulatorRequest[] };
}

export async function emulatorRequests(
  request: APIRequestContext,
  emulatorUrl = e2eEmulatorUrl,
): Promise<EmulatorRequest[]> {
  return (await emulatorState(request, emulatorUrl)).requests;
}

// The generation requests whose last question contains `word`, oldest first.
export async function emulatorRequestsFor(
  request: APIRequestContext,
  word: string,
  emulatorUrl = e2eEmulatorUrl,
): Promise<EmulatorRequest[]> {
  return (await emulatorRequests(request, emulatorUrl)).filter((entry) => entry.lastQuestion.includes(word));
}

// The latest request for `word`, once the emulator has one.
export async function emulatorRequestFor(
  request: APIRequestContext,
  word: string,
  emulatorUrl = e2eEmulatorUrl,
): Promise<EmulatorRequest> {
  let found: EmulatorRequest | undefined;
  await expect
    .poll(async () => {
      found = (await emulatorRequestsFor(request, word, emulatorUrl)).at(-1);
      return found !== undefined;
    })
    .toBe(true);
  return found as EmulatorRequest;
}

// How many PhoGPT tokens `text` is (the emulator's /tokenize, with PhoGPT's tokenizer).
export async function emulatorTokenCount(
  request: APIRequestContext,
  text: string,
  emulatorUrl = e2eEmulatorUrl,
): Promise<number> {
  const response = await toEmulator(() => request.post(`${emulatorUrl}/tokenize`, { data: { inputs: text } }));
  expect(response.status(), await response.text()).toBe(200);
  return ((await response.json()) as unknown[]).length;
}
