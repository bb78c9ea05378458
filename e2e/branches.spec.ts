// Conversation branches, as a user meets them: Regenerate keeps the earlier reply and the version
// arrows switch between them; Edit forks the conversation, the earlier branch stays navigable and
// the model reads only the current branch; Undo gives the question back to the composer; Copy
// puts a message on the clipboard. Another user's thread answers 404 to every branch action, and
// nothing may move the branch while a reply is being generated.
import { randomUUID } from "node:crypto";
import { expect, request as playwrightRequest, test, type Locator, type Page } from "@playwright/test";
import { registerAndSignIn, registerInBrowser } from "./support/accounts";
import {
  alertWith,
  assistantMessages,
  composer,
  emulatorRequestFor,
  emulatorRequestsFor,
  lastAssistantText,
  messageText,
  sendAndWaitForReply,
  sendMessage,
  shownConversation,
  storedMessages,
  threadIdOf,
  uniqueWord,
  userMessages,
  vi,
  waitForReplyToSettle,
} from "./support/chat";
import { e2eAppUrl } from "./support/urls";

// Strings of lib/i18n/dictionaries.ts (vi) for the branch controls.
const branchVi = {
  copy: "Sao chép",
  copied: "Đã sao chép",
  regenerate: "Tạo lại",
  edit: "Sửa",
  editBox: "Sửa tin nhắn",
  save: "Lưu và gửi",
  cancel: "Hủy",
  undo: "Hoàn tác",
  previous: "Phiên bản trước",
  next: "Phiên bản sau",
  changed: "Cuộc trò chuyện đã thay đổi ở nơi khác; đây là bản mới nhất.",
} as const;

const button = (scope: Locator, name: string) => scope.getByRole("button", { name, exact: true });

// A version status ("1/2") under a message.
const versionStatus = (scope: Locator, index: number, count: number) =>
  scope.getByText(`${index}/${count}`, { exact: true });

// Sends and waits until the reply is read back (its controls appear once the server's ids are known).
async function exchange(page: Page, text: string): Promise<string> {
  const reply = await sendAndWaitForReply(page, text);
  await expect(button(assistantMessages(page).last(), branchVi.copy)).toBeVisible();
  await expect(button(userMessages(page).last(), branchVi.edit)).toBeVisible();
  return reply;
}

test("Regenerate keeps the earlier reply, and the arrows switch between the versions", async ({ page, request }) => {
  await registerInBrowser(page);
  const word = uniqueWord();
  const question = `Kể về Huế ${word} [[len=40]]`;
  const first = await exchange(page, question);
  const threadId = threadIdOf(page);
  const reply = assistantMessages(page).last();
  await expect(button(reply, branchVi.regenerate)).toBeVisible();
  await expect(versionStatus(reply, 1, 1)).toHaveCount(0);

  // The emulator answers the same prompt the same way; a shorter maximum length makes the new
  // version visibly different, as a sampling model's would be.
  const settings = await page.request.put(`/api/threads/${threadId}/settings`, { data: { maxReplyTokens: 16 } });
  expect(settings.status(), await settings.text()).toBe(200);
  await button(reply, branchVi.regenerate).click();
  await waitForReplyToSettle(page);
  await expect(versionStatus(assistantMessages(page).last(), 2, 2)).toBeVisible();
  const second = await lastAssistantText(page);
  expect(second).not.toBe(first);
  expect(first.startsWith(second.slice(0, 20))).toBe(true);
  await expect(assistantMessages(page)).toHaveCount(1);
  await expect(userMessages(page)).toHaveCount(1);

  // Both versions were generated from the same history: the question alone.
  const prompts = (await emulatorRequestsFor(request, word)).map((entry) => entry.prompt);
  expect(prompts).toHaveLength(2);
  expect(prompts[1]).toBe(prompts[0]);
  expect(prompts[0]).toBe(`### Câu hỏi: ${question}\n### Trả lời:`);

  const last = () => assistantMessages(page).last();
  await button(last(), branchVi.previous).click();
  await expect(versionStatus(last(), 1, 2)).toBeVisible();
  await expect.poll(() => lastAssistantText(page)).toBe(first);
  await expect(button(last(), branchVi.previous)).toBeDisabled();

  await button(last(), branchVi.next).click();
  await expect(versionStatus(last(), 2, 2)).toBeVisible();
  await expect.poll(() => lastAssistantText(page)).toBe(second);
  await expect(button(last(), branchVi.next)).toBeDisabled();

  // The version shown is remembered: a reload opens it.
  await button(last(), branchVi.previous).click();
  await expect(versionStatus(last(), 1, 2)).toBeVisible();
  await page.reload();
  await expect(versionStatus(last(), 1, 2)).toBeVisible();
  expect(await lastAssistantText(page)).toBe(first);
});

test("Edit forks the conversation: the model reads only the new branch, the old one stays navigable", async ({
  page,
  request,
}) => {
  await registerInBrowser(page);
  const [w1, w2, w3, w4] = [uniqueWord(), uniqueWord(), uniqueWord(), uniqueWord()];
  const q1 = `Câu hỏi một ${w1}`;
  const q2 = `Câu hỏi hai ${w2}`;
  const a1 = await exchange(page, q1);
  const a2 = await exchange(page, q2);
  const original = [
    [vi.you, q1],
    [vi.assistant, a1],
    [vi.you, q2],
    [vi.assistant, a2],
  ];
  expect(await shownConversation(page)).toEqual(original);

  // Escape leaves the edit without changing anything.
  const firstQuestion = () => userMessages(page).first();
  await button(firstQuestion(), branchVi.edit).click();
  const editBox = page.getByRole("textbox", { name: branchVi.editBox });
  await expect(editBox).toBeFocused();
  await expect(editBox).toHaveValue(q1);
  await editBox.press("Escape");
  await expect(editBox).toHaveCount(0);
  await expect(button(firstQuestion(), branchVi.edit)).toBeFocused();
  expect(await shownConversation(page)).toEqual(original);

  // Cancel too; then an empty text cannot be saved; then the edit is sent.
  await button(firstQuestion(), branchVi.edit).click();
  await button(firstQuestion(), branchVi.cancel).click();
  await expect(editBox).toHaveCount(0);
  await button(firstQuestion(), branchVi.edit).click();
  await editBox.fill("   ");
  await expect(button(firstQuestion(), branchVi.save)).toBeDisabled();
  const edited = `Câu hỏi một, sửa lại ${w3}`;
  await editBox.fill(edited);
  // Shift+Enter is a new line; Enter saves and sends, like the composer.
  await editBox.press("Shift+Enter");
  await expect(editBox).toHaveValue(`${edited}\n`);
  await editBox.press("Enter");
  await waitForReplyToSettle(page);
  await expect(versionStatus(firstQuestion(), 2, 2)).toBeVisible();
  await expect(assistantMessages(page)).toHaveCount(1);
  const editedReply = await lastAssistantText(page);
  expect(editedReply).toContain(`Bạn hỏi: «${edited}». Đây là lượt thứ 1`);

  // The model read the edited question alone: nothing of the old branch.
  const forkRequest = await emulatorRequestFor(request, w3);
  expect(forkRequest.prompt).toBe(`### Câu hỏi: ${edited}\n### Trả lời:`);

  // The next question continues the new branch only.
  const q3 = `Câu hỏi ba ${w4}`;
  const a3 = await exchange(page, q3);
  const next = await emulatorRequestFor(request, w4);
  expect(next.questionCount).toBe(2);
  expect(next.prompt).toBe(`### Câu hỏi: ${edited}\n### Trả lời: ${editedReply}</s>\n### Câu hỏi: ${q3}\n### Trả lời:`);
  expect(next.prompt).not.toContain(w1);
  expect(next.prompt).not.toContain(w2);
  const fork = [
    [vi.you, edited],
    [vi.assistant, editedReply],
    [vi.you, q3],
    [vi.assistant, a3],
  ];
  expect(await shownConversation(page)).toEqual(fork);

  // The earlier version of the first question brings back its whole branch, and back again.
  await button(firstQuestion(), branchVi.previous).click();
  await expect(versionStatus(firstQuestion(), 1, 2)).toBeVisible();
  await expect.poll(() => shownConversation(page)).toEqual(original);
  await button(firstQuestion(), branchVi.next).click();
  await expect(versionStatus(firstQuestion(), 2, 2)).toBeVisible();
  await expect.poll(() => shownConversation(page)).toEqual(fork);

  // The server stores the branch shown; every message of both branches is kept.
  await page.reload();
  await expect(assistantMessages(page)).toHaveCount(2);
  expect(await shownConversation(page)).toEqual(fork);
  expect((await storedMessages(page)).map((message) => message.content)).toEqual(fork.map(([, text]) => text));
});

test("a tab showing another branch is told the conversation changed instead of answering elsewhere", async ({
  page,
  context,
}) => {
  await registerInBrowser(page);
  await exchange(page, `Hai thẻ ${uniqueWord()} [[len=30]]`);
  await button(assistantMessages(page).last(), branchVi.regenerate).click();
  await waitForReplyToSettle(page);
  await expect(versionStatus(assistantMessages(page).last(), 2, 2)).toBeVisible();
  const [, secondVersion] = await storedMessages(page);

  // Another tab goes back to the first version; this one still shows the second.
  const other = await context.newPage();
  await other.goto(page.url());
  await button(assistantMessages(other).last(), branchVi.previous).click();
  await expect(versionStatus(assistantMessages(other).last(), 1, 2)).toBeVisible();
  const [, firstVersion] = await storedMessages(other);
  expect(firstVersion?.id).not.toBe(secondVersion?.id);

  const next = `Câu tiếp theo ${uniqueWord()}`;
  await sendMessage(page, next);
  await expect(alertWith(page, branchVi.changed)).toBeVisible();
  await expect(composer(page)).toHaveValue(next);
  await expect(versionStatus(assistantMessages(page).last(), 1, 2)).toBeVisible();
  expect(await storedMessages(page)).toHaveLength(2);

  // Sent again, it follows the branch both tabs now show.
  await composer(page).press("Enter");
  await expect(assistantMessages(page)).toHaveCount(2);
  await waitForReplyToSettle(page);
  const stored = await storedMessages(page);
  expect(stored.map((message) => message.content).slice(2, 3)).toEqual([next]);
  expect(stored[1]?.id).toBe(firstVersion?.id);
});

test("Undo removes the last exchange and puts its question back into the composer", async ({ page }) => {
  await registerInBrowser(page);
  const q1 = `Câu đầu ${uniqueWord()}`;
  const q2 = `Câu sau ${uniqueWord()}`;
  const a1 = await exchange(page, q1);
  await exchange(page, q2);
  const lastReply = assistantMessages(page).last();
  // Only the last exchange can be undone.
  await expect(button(assistantMessages(page).first(), branchVi.undo)).toHaveCount(0);
  await button(lastReply, branchVi.undo).click();

  await expect(assistantMessages(page)).toHaveCount(1);
  expect(await shownConversation(page)).toEqual([
    [vi.you, q1],
    [vi.assistant, a1],
  ]);
  await expect(composer(page)).toHaveValue(q2);
  await expect(composer(page)).toBeFocused();
  expect((await storedMessages(page)).map((message) => message.content)).toEqual([q1, a1]);

  // Sent again as it is, it continues the conversation.
  await composer(page).press("Enter");
  await expect(assistantMessages(page)).toHaveCount(2);
  await waitForReplyToSettle(page);
  expect(await lastAssistantText(page)).toContain(`Bạn hỏi: «${q2}». Đây là lượt thứ 2`);
});

test("Copy puts a message on the clipboard and says so", async ({ page, context }) => {
  await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: e2eAppUrl });
  await registerInBrowser(page);
  const question = `Sao chép giúp mình ${uniqueWord()}`;
  const reply = await exchange(page, question);

  await button(assistantMessages(page).last(), branchVi.copy).click();
  await expect(assistantMessages(page).last().getByRole("status")).toHaveText(branchVi.copied);
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(reply);

  await button(userMessages(page).last(), branchVi.copy).click();
  await expect(userMessages(page).last().getByRole("status")).toHaveText(branchVi.copied);
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(question);
  // The confirmation goes away by itself.
  await expect(userMessages(page).last().getByRole("status")).toHaveText("", { timeout: 5_000 });
  expect(await messageText(userMessages(page).last())).toBe(question);
});

test("branch actions: another user's thread is not found, and nothing moves while a reply is generating", async () => {
  const owner = await playwrightRequest.newContext({ baseURL: e2eAppUrl });
  const intruder = await playwrightRequest.newContext({ baseURL: e2eAppUrl });
  await registerAndSignIn(owner);
  await registerAndSignIn(intruder);
  const threadId = randomUUID();
  const sent = await owner.post("/api/chat", { data: { trigger: "submit", threadId, text: "Riêng tư [[len=20]]" } });
  expect(sent.status()).toBe(200);
  await sent.body();
  const thread = async (context = owner) => (await context.get(`/api/threads/${threadId}`)).json();
  const before = (await thread()) as { thread: { messages: { id: string }[] } };
  const [question, reply] = before.thread.messages;
  const questionId = question?.id ?? "";
  const replyId = reply?.id ?? "";

  const actions = (messageId: string) => [
    { path: `/api/threads/${threadId}/branch`, data: { messageId } },
    { path: `/api/threads/${threadId}/undo`, data: { messageId } },
    { path: "/api/chat", data: { trigger: "regenerate", threadId, messageId } },
    { path: "/api/chat", data: { trigger: "edit", threadId, messageId, text: "Xem trộm" } },
  ];
  for (const { path, data } of [...actions(questionId), ...actions(replyId)]) {
    const response = await intruder.post(path, { data });
    expect(response.status(), `${path} ${JSON.stringify(data)}`).toBe(404);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe("not_found");
  }
  // The intruder's own thread does not open the owner's messages either.
  const ownThread = randomUUID();
  (await intruder.post("/api/chat", { data: { trigger: "submit", threadId: ownThread, text: "Của tôi [[len=5]]" } }))
    .body()
    .catch(() => undefined);
  await expect.poll(async () => (await intruder.get(`/api/threads/${ownThread}`)).status()).toBe(200);
  const foreign = await intruder.post(`/api/threads/${ownThread}/branch`, { data: { messageId: questionId } });
  expect(foreign.status()).toBe(404);
  // Compared without token counts: a finished reply is counted in the background.
  expect(withoutTokenCounts(await thread())).toEqual(withoutTokenCounts(before));

  // While a reply is being generated, the branch cannot move: not even to the first question's
  // other version.
  const fork = await owner.post("/api/chat", {
    data: { trigger: "edit", threadId, messageId: questionId, text: "Riêng tư, sửa [[len=5]]" },
  });
  expect(fork.status()).toBe(200);
  await fork.body();
  const forked = (await thread()) as { thread: { messages: { id: string }[] } };
  const forkQuestionId = forked.thread.messages[0]?.id ?? "";
  expect(forkQuestionId).not.toBe(questionId);
  const slow = owner.post("/api/chat", {
    data: { trigger: "submit", threadId, text: "Chậm thôi [[rate=5]] [[len=200]]" },
  });
  await expect
    .poll(async () => ((await thread()) as { thread: { messages: unknown[] } }).thread.messages.length)
    .toBe(4);
  const whileGenerating = [
    { path: `/api/threads/${threadId}/branch`, data: { messageId: questionId } },
    ...actions(forkQuestionId).slice(1),
  ];
  for (const { path, data } of whileGenerating) {
    const response = await owner.post(path, { data });
    expect(response.status(), `${path} ${JSON.stringify(data)}`).toBe(409);
  }
  expect((await owner.post(`/api/threads/${threadId}/stop`)).status()).toBe(200);
  await (await slow).body();
  await owner.dispose();
  await intruder.dispose();
});

function withoutTokenCounts(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value), (key, field: unknown) => (key === "tokenCount" ? undefined : field));
}
