// The main journey: a new user registers, chats with PhoGPT (the reply streams in), finds the whole
// conversation again after a reload and after signing out and in, and the model receives the full
// history in PhoGPT's multi-turn prompt format.
import { expect, test } from "@playwright/test";
import { registerInBrowser, signInInBrowser } from "./support/accounts";
import {
  assistantMessages,
  composer,
  currentReplyText,
  emulatorRequestFor,
  lastAssistantText,
  modelStatus,
  sendAndWaitForReply,
  sendMessage,
  shownConversation,
  sidebar,
  stopButton,
  storedMessages,
  threadIdOf,
  threadUrlPattern,
  uniqueWord,
  userMessages,
  vi,
  waitForReplyToSettle,
} from "./support/chat";

test("register, chat with a streamed reply, and find the conversation again", async ({ page, request }) => {
  const user = await registerInBrowser(page);
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(vi.newChat);
  await expect(modelStatus(page)).toContainText("Mô hình: phogpt-4b-chat-emulator");
  await expect(modelStatus(page)).toContainText(vi.emulatorBadge);

  // First message, sent with Enter; slow enough to watch it stream.
  const word = uniqueWord();
  const question = `Xin chào PhoGPT ${word}`;
  // The message is also the thread's title; the emulator quotes it without its markers.
  const firstMessage = `${question} [[rate=20]] [[len=80]]`;
  await sendMessage(page, firstMessage);
  await expect(userMessages(page)).toHaveCount(1);

  const seenWhileStreaming = new Set<number>();
  await expect
    .poll(
      async () => {
        const length = (await currentReplyText(page)).length;
        const streamingUi = (await stopButton(page).isVisible()) && (await composer(page).isDisabled());
        if (streamingUi && length > 0) seenWhileStreaming.add(length);
        return seenWhileStreaming.size;
      },
      { intervals: [50] },
    )
    .toBeGreaterThanOrEqual(2);

  await expect(page).toHaveURL(threadUrlPattern);
  const threadLink = sidebar(page).getByRole("link", { name: firstMessage });
  await expect(threadLink).toBeVisible();
  await expect(threadLink).toHaveAttribute("aria-current", "page");

  await waitForReplyToSettle(page);
  const firstReply = await lastAssistantText(page);
  expect(firstReply).toContain(`Bạn hỏi: «${question}».`);
  expect(firstReply.length).toBeGreaterThan(Math.max(...seenWhileStreaming));
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(firstMessage);

  // Shift+Enter is a new line, not a send.
  await composer(page).fill("dòng một");
  await composer(page).press("Shift+Enter");
  await composer(page).pressSequentially("dòng hai");
  await expect(composer(page)).toHaveValue("dòng một\ndòng hai");
  await expect(userMessages(page)).toHaveCount(1);
  await composer(page).fill("");

  // A reload shows the same conversation.
  const threadId = threadIdOf(page);
  const before = await shownConversation(page);
  expect(before).toEqual([
    [vi.you, firstMessage],
    [vi.assistant, firstReply],
  ]);
  await page.reload();
  await expect(assistantMessages(page)).toHaveCount(1);
  expect(await shownConversation(page)).toEqual(before);

  // The second question reaches the model with the first turn, in PhoGPT's chat format.
  const secondWord = uniqueWord();
  const secondQuestion = `Còn câu hỏi thứ hai ${secondWord}?`;
  const secondReply = await sendAndWaitForReply(page, secondQuestion);
  expect(secondReply).toContain(`Bạn hỏi: «${secondQuestion}». Đây là lượt thứ 2`);
  expect(secondReply).toContain(`Câu hỏi trước đó: «${question}».`);

  const stored = await storedMessages(page, threadId);
  expect(stored.map((message) => [message.role, message.status])).toEqual([
    ["user", "complete"],
    ["assistant", "complete"],
    ["user", "complete"],
    ["assistant", "complete"],
  ]);
  const storedFirstAnswer = stored[1]?.content ?? "";
  expect(storedFirstAnswer).toBe(firstReply);
  expect(storedFirstAnswer.startsWith(" ")).toBe(false);
  const logged = await emulatorRequestFor(request, secondWord);
  expect(logged.prompt).toBe(
    `### Câu hỏi: ${firstMessage}\n### Trả lời: ${storedFirstAnswer}</s>\n` +
      `### Câu hỏi: ${secondQuestion}\n### Trả lời:`,
  );
  const conversation = await shownConversation(page);

  // Sign out, sign in again, open the thread from the sidebar.
  await page.getByRole("button", { name: vi.signOut }).click();
  await expect(page).toHaveURL(/\/sign-in$/);
  await signInInBrowser(page, user);
  await expect(page).toHaveURL(/\/$/);
  await sidebar(page).getByRole("link", { name: firstMessage }).click();
  await expect(page).toHaveURL(new RegExp(`/c/${threadId}$`));
  await expect(assistantMessages(page)).toHaveCount(2);
  expect(await shownConversation(page)).toEqual(conversation);
});
