// PhoGPT's context window, against an emulator with small limits (1,500 prompt tokens, 2,048 in
// all) so that a long thread overflows quickly: every turn of a 60-turn thread with long answers
// is answered, the divider sits where the token counts say the model's memory begins, a message
// too long for the model is refused with its length and kept, and a reply cut at the maximum
// length set in the settings panel can be continued.
import {
  expect,
  request as playwrightRequest,
  test,
  type APIRequestContext,
  type Locator,
  type Page,
} from "@playwright/test";
import { registerAndSignIn, registerInBrowser } from "./support/accounts";
import {
  alertWith,
  assistantMessages,
  composer,
  emulatorTokenCount,
  messageLog,
  messageText,
  scrollLogUntilShown,
  sendAndWaitForReply,
  threadIdOf,
  threadUrlPattern,
  uniqueWord,
  userMessages,
  waitForReplyToSettle,
} from "./support/chat";
import { startEmulatorProcess, type EmulatorProcess } from "./support/emulator-process";
import { openPrivateApp, type PrivateApp } from "./support/private-app";

const LIMITS = { maxInputTokens: 1500, maxTotalTokens: 2048 };
// The app's defaults: VinAI's 1,024-token replies, 256 tokens kept for a reply.
const PROMPT_CAP = Math.min(LIMITS.maxInputTokens, LIMITS.maxTotalTokens - Math.min(1024, 256));
const LONG_ANSWER = "[[len=120]] [[rate=0]]";
const DIVIDER = "Các tin nhắn phía trên không còn nằm trong ngữ cảnh của mô hình";

interface StoredMessage {
  id: string;
  role: "user" | "assistant";
  content: string;
  status: string;
  finishReason: string | null;
  tokenCount: number | null;
}

interface ReceivedRequest {
  prompt: string;
  lastQuestion: string;
  outcome: string;
  promptTokens: number | null;
  generatedTokens: number;
  finishReason: string | null;
  parameters: { max_new_tokens?: number; temperature?: number };
}

test.describe.configure({ mode: "serial" });

let emulator: EmulatorProcess;
let app: PrivateApp;

test.beforeAll(async ({ browser }) => {
  emulator = await startEmulatorProcess({
    flags: ["--max-input-tokens", String(LIMITS.maxInputTokens), "--max-total-tokens", String(LIMITS.maxTotalTokens)],
  });
  app = await openPrivateApp(browser, "context", {
    INFERENCE_URL: emulator.url,
    // 60 turns in a few seconds, and two accounts from one address.
    RATE_LIMIT_MESSAGES_PER_MINUTE: "100000",
    RATE_LIMIT_MESSAGES_PER_DAY: "100000",
    RATE_LIMIT_REGISTER_PER_IP: "100000",
    RATE_LIMIT_SIGN_IN_PER_IP: "100000",
  });
  await registerInBrowser(app.page);
});

test.afterAll(async () => {
  await app?.close();
  await emulator?.stop();
});

const divider = (page: Page) => messageLog(page).getByRole("separator", { name: DIVIDER });

async function storedThread(request: APIRequestContext, threadId: string) {
  const response = await request.get(`/api/threads/${threadId}`);
  expect(response.status()).toBe(200);
  return ((await response.json()) as { thread: { messages: StoredMessage[]; contextStartId: string | null } }).thread;
}

async function received(request: APIRequestContext): Promise<ReceivedRequest[]> {
  const response = await request.get(`${emulator.url}/emulator/state`);
  return ((await response.json()) as { requests: ReceivedRequest[] }).requests;
}

// One turn through the API, read to its end, as a second tab would send it.
async function apiTurn(request: APIRequestContext, threadId: string, text: string): Promise<void> {
  const response = await request.post("/api/chat", { data: { trigger: "submit", threadId, text } });
  expect(response.status(), await response.text()).toBe(200);
  const stream = await response.text();
  expect(stream).toContain('"type":"finish"');
  expect(stream).not.toContain('"type":"error"');
}

// The template's text for one message: a question with its turn markers, an answer with </s>.
const fragment = (message: StoredMessage) =>
  message.role === "user" ? `\n### Câu hỏi: ${message.content.trim()}\n### Trả lời:` : ` ${message.content}</s>`;

/**
 * Where the model's memory should begin for the last reply, from the server's token counts
 * (the stored ones, checked against /tokenize): the last question, then earlier exchanges
 * newest first while they fit. Null when everything fits.
 */
async function expectedContextStart(request: APIRequestContext, messages: StoredMessage[]) {
  const lastQuestion = messages.findLastIndex((message) => message.role === "user");
  const tokens = await Promise.all(
    messages.map((message) => emulatorTokenCount(request, fragment(message), emulator.url)),
  );
  // Each message's count is stored (the newest reply's may still be on its way).
  messages.forEach((message, index) => {
    if (message.tokenCount !== null || index < lastQuestion - 1) expect(message.tokenCount).toBe(tokens[index]);
  });
  let start = lastQuestion;
  let used = tokens[start] ?? 0;
  while (start >= 2) {
    const exchange = (tokens[start - 2] ?? 0) + (tokens[start - 1] ?? 0);
    if (used + exchange > PROMPT_CAP) break;
    used += exchange;
    start -= 2;
  }
  return start === 0 ? null : (messages[start] as StoredMessage);
}

/** The thread's divider, on the server, in the model's last prompt and on the reloaded page, all where the counts say. */
async function expectDividerWhereCountsSay(page: Page, threadId: string) {
  const thread = await storedThread(page.request, threadId);
  const expected = await expectedContextStart(page.request, thread.messages);
  expect(expected, "the thread should be longer than the context").not.toBeNull();
  expect(thread.contextStartId).toBe(expected?.id);

  const prompt = (await received(page.request)).at(-1)?.prompt ?? "";
  expect(prompt.startsWith(`### Câu hỏi: ${expected?.content.trim()}\n### Trả lời:`)).toBe(true);

  await page.goto(`/c/${threadId}`);
  await scrollLogUntilShown(page, divider(page));
  await expect(divider(page)).toHaveCount(1);
  // In the middle of the view, so the messages around it are rendered too.
  await divider(page).evaluate((element) => element.scrollIntoView({ block: "center" }));
  const firstRemembered = divider(page).locator("xpath=following-sibling::article[1]");
  expect(await messageText(firstRemembered)).toBe(expected?.content.trim());
  // The message list renders only what is near the view: the message just above the divider is
  // the newest one the model no longer read.
  const forgotten = thread.messages.findIndex((message) => message.id === expected?.id);
  const lastForgotten = divider(page).locator("xpath=../preceding-sibling::div[1]/article");
  expect(await messageText(lastForgotten)).toBe(thread.messages[forgotten - 1]?.content.trim());
  return expected as StoredMessage;
}

test("a 60-turn thread with long answers gets a reply at every turn, the divider where the counts say", async () => {
  test.setTimeout(90_000);
  const { page } = app;
  await page.goto("/");
  await sendAndWaitForReply(page, `Lượt 1: phở là gì? ${LONG_ANSWER}`);
  await expect(page).toHaveURL(threadUrlPattern);
  const threadId = threadIdOf(page);
  await expect(divider(page)).toHaveCount(0);

  for (let turn = 2; turn <= 59; turn++) {
    await apiTurn(page.request, threadId, `Lượt ${turn}: kể thêm về ẩm thực Việt Nam ${LONG_ANSWER}`);
    if (turn === 30) await expectDividerWhereCountsSay(page, threadId);
  }

  // Turn 60 in the browser: the reply's stream moves the divider, without a reload.
  const before = await expectDividerWhereCountsSay(page, threadId);
  await sendAndWaitForReply(page, `Lượt 60: và bún chả? ${LONG_ANSWER}`);
  const after = await storedThread(page.request, threadId);
  const expected = await expectedContextStart(page.request, after.messages);
  expect(expected?.id).not.toBe(before.id);
  // The list renders only what is near the view: scroll up until the moved divider is rendered.
  await scrollUpUntilAttached(page, divider(page));
  await divider(page).evaluate((element) => element.scrollIntoView({ block: "center" }));
  await expect(divider(page).locator("xpath=following-sibling::article[1]")).toHaveText(
    new RegExp(`${expected?.content.trim().replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}`),
  );

  // Every turn was answered, every prompt within both limits.
  expect(after.messages).toHaveLength(120);
  for (const reply of after.messages.filter((message) => message.role === "assistant")) {
    expect(reply).toMatchObject({ status: "complete", finishReason: "stop" });
    expect(reply.content.length).toBeGreaterThan(0);
  }
  const requests = await received(page.request);
  expect(requests).toHaveLength(60);
  for (const request of requests) {
    expect(request).toMatchObject({ outcome: "finished", finishReason: "eos_token" });
    // [[len=120]]: long answers, up to 3 tokens fewer where a character would be split.
    expect(request.generatedTokens).toBeGreaterThanOrEqual(117);
    expect(request.promptTokens).toBeLessThanOrEqual(LIMITS.maxInputTokens);
    expect((request.promptTokens ?? 0) + (request.parameters.max_new_tokens ?? 0)).toBeLessThanOrEqual(
      LIMITS.maxTotalTokens,
    );
  }
  await expectDividerWhereCountsSay(page, threadId);
});

test("a message too long for the model is refused with its length in tokens and stays in the composer", async () => {
  const { page } = app;
  await page.goto("/");
  const word = uniqueWord();
  const text = `${word} ${"phở bò tái ".repeat(600)}`.trim();
  await composer(page).fill(text);
  await composer(page).press("Enter");

  const tokens = await emulatorTokenCount(page.request, `\n### Câu hỏi: ${text}\n### Trả lời:`, emulator.url);
  await expect(
    alertWith(page, `Tin nhắn dài ${tokens} token, nhưng ngữ cảnh của mô hình chỉ còn chỗ cho ${PROMPT_CAP} token.`),
  ).toBeVisible();
  await expect(composer(page)).toHaveValue(text);
  await expect(userMessages(page)).toHaveCount(0);
  expect((await received(page.request)).filter((request) => request.lastQuestion.includes(word))).toEqual([]);

  // The API says the same, in its one error shape.
  const response = await page.request.post("/api/chat", {
    data: { trigger: "submit", threadId: crypto.randomUUID(), text },
  });
  expect(response.status()).toBe(422);
  expect(await response.json()).toMatchObject({
    error: { code: "context_too_long", fields: { text: "context_too_long" }, details: { tokens, limit: PROMPT_CAP } },
  });
});

test("settings: a short maximum reply length stops a reply at `length`, and Continue appends to it", async () => {
  const { page } = app;
  await page.goto("/");
  const settingsButton = page.getByRole("button", { name: "Cài đặt", exact: true });
  const dialog = page.getByRole("dialog", { name: "Cài đặt sinh câu trả lời" });
  // A new chat has no thread yet: only the user's defaults can be set.
  await settingsButton.click();
  await expect(dialog.getByRole("radio", { name: "Cuộc trò chuyện này" })).toBeDisabled();
  await expect(dialog.getByRole("radio", { name: "Mặc định của bạn" })).toBeChecked();
  await dialog.getByRole("button", { name: "Đóng" }).click();

  await sendAndWaitForReply(page, `Xin chào ${uniqueWord()} [[rate=0]]`);
  const threadId = threadIdOf(page);
  await settingsButton.click();
  await expect(dialog.getByRole("radio", { name: "Cuộc trò chuyện này" })).toBeChecked();
  const temperature = dialog.getByLabel("Nhiệt độ (temperature)");
  const maxLength = dialog.getByLabel("Độ dài tối đa của câu trả lời (token)");
  await temperature.fill("3");
  await dialog.getByRole("button", { name: "Lưu" }).click();
  await expect(dialog.getByText("Nhiệt độ phải là một số từ 0 đến 2.")).toBeVisible();
  await expect(temperature).toHaveAttribute("aria-invalid", "true");
  await temperature.fill("0,7");
  await maxLength.fill("32");
  await dialog.getByRole("button", { name: "Lưu" }).click();
  await expect(dialog.getByRole("status")).toHaveText("Đã lưu cài đặt.");
  await dialog.getByRole("button", { name: "Đóng" }).click();
  const saved = await page.request.get(`/api/threads/${threadId}/settings`);
  expect(await saved.json()).toMatchObject({ settings: { temperature: 0.7, maxReplyTokens: 32 } });

  const word = uniqueWord();
  await sendAndWaitForReply(page, `Kể một câu chuyện dài ${word} [[len=100]] [[rate=0]]`);
  await expect(page.getByText("Câu trả lời đã đạt độ dài tối đa.")).toBeVisible();
  const cut = (await storedThread(page.request, threadId)).messages.at(-1) as StoredMessage;
  expect(cut).toMatchObject({ status: "complete", finishReason: "length" });
  const first = (await received(page.request)).filter((request) => request.lastQuestion.includes(word));
  expect(first.at(-1)).toMatchObject({ finishReason: "length", parameters: { max_new_tokens: 32, temperature: 0.7 } });

  await page.getByRole("button", { name: "Tiếp tục" }).click();
  await waitForReplyToSettle(page);
  await expect(assistantMessages(page)).toHaveCount(2);
  const continued = (await storedThread(page.request, threadId)).messages.at(-1) as StoredMessage;
  expect(continued.id).toBe(cut.id);
  expect(continued.content.startsWith(cut.content)).toBe(true);
  expect(continued.content.length).toBeGreaterThan(cut.content.length);
  // The partial answer went back as the open assistant turn: no </s> after it.
  const second = (await received(page.request)).filter((request) => request.lastQuestion.includes(word)).at(-1);
  expect(second?.prompt.endsWith(`\n### Trả lời: ${cut.content}`)).toBe(true);
});

test("settings API: ranges checked with a reason per field, another user's thread not found", async () => {
  const { page } = app;
  const mine = (await page.request.get("/api/threads")).json() as Promise<{ threads: { id: string }[] }>;
  const threadId = (await mine).threads[0]?.id as string;

  const invalid = await page.request.put("/api/settings", { data: { topP: 0, maxReplyTokens: 5000, seed: 1 } });
  expect(invalid.status()).toBe(422);
  expect(await invalid.json()).toMatchObject({
    error: {
      code: "validation",
      fields: { topP: "out_of_range", maxReplyTokens: "out_of_range", seed: "unknown_setting" },
    },
  });
  // The reply length is bounded by the server's context (2,048 here, less room for a question).
  const defaults = await page.request.get("/api/settings");
  expect(await defaults.json()).toMatchObject({
    settings: {},
    inherited: { temperature: 1, topP: 0.9, topK: 50, repetitionPenalty: 1, maxReplyTokens: 1024 },
    ranges: { maxReplyTokens: { min: 16, max: 1792 } },
  });

  const intruder = await playwrightRequest.newContext({ baseURL: app.app.url });
  await registerAndSignIn(intruder);
  expect((await intruder.get(`/api/threads/${threadId}/settings`)).status()).toBe(404);
  const write = await intruder.put(`/api/threads/${threadId}/settings`, { data: { topK: 1 } });
  expect(write.status()).toBe(404);
  expect(await (await page.request.get(`/api/threads/${threadId}/settings`)).json()).not.toMatchObject({
    settings: { topK: 1 },
  });
  await intruder.dispose();
});

async function scrollUpUntilAttached(page: Page, target: Locator): Promise<void> {
  const log = messageLog(page);
  for (let step = 0; step < 60 && (await target.count()) === 0; step++) {
    await log.evaluate((element) => element.scrollBy(0, -400));
    await page.waitForTimeout(50);
  }
  await expect(target).toBeAttached();
}
