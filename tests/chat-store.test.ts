import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { registerUser, userForCredentials } from "@/lib/accounts/users";
import { threadsForUser, threadWithMessagesForUser, titleFromMessage, TITLE_MAX_CHARS } from "@/lib/chat/threads";
import { historyForPrompt, saveReplyOutcome, startRetryTurn, startUserTurn } from "@/lib/chat/turns";
import { staleReplyMs } from "@/lib/chat/stale-replies";
import { db } from "@/lib/db";
import { rejection } from "./support/fixtures";

async function newUser(name = "Lan") {
  return registerUser({ email: `${randomUUID()}@example.vn`, name, password: "mat-khau-an-toan" });
}

describe("titleFromMessage", () => {
  it("uses the first line with whitespace collapsed", () => {
    expect(titleFromMessage("  Xin   chào\tPhoGPT \nDòng hai")).toBe("Xin chào PhoGPT");
  });
  it("cuts long text at a word boundary with an ellipsis", () => {
    const title = titleFromMessage("Hãy viết một bài thơ ".repeat(20));
    expect(title.length).toBeLessThanOrEqual(TITLE_MAX_CHARS);
    expect(title.endsWith("…")).toBe(true);
    expect(title).toMatch(/^Hãy viết một bài thơ/);
  });
});

describe("historyForPrompt", () => {
  it("keeps answered questions and the last question, drops a failed reply's question", () => {
    const turns = historyForPrompt([
      { role: "user", content: "một", status: "complete" },
      { role: "assistant", content: "trả lời một", status: "complete" },
      { role: "user", content: "hai", status: "complete" },
      { role: "assistant", content: "", status: "failed" },
      { role: "user", content: "ba", status: "complete" },
    ]);
    expect(turns).toEqual([
      { role: "user", content: "một" },
      { role: "assistant", content: "trả lời một" },
      { role: "user", content: "ba" },
    ]);
  });
  it("keeps a stopped reply's partial text", () => {
    const turns = historyForPrompt([
      { role: "user", content: "một", status: "complete" },
      { role: "assistant", content: "nửa câu", status: "stopped" },
      { role: "user", content: "hai", status: "complete" },
    ]);
    expect(turns.map((turn) => turn.content)).toEqual(["một", "nửa câu", "hai"]);
  });
});

describe("accounts", () => {
  it("refuses a second account for the same email, whatever its case", async () => {
    const email = `${randomUUID()}@example.vn`;
    await registerUser({ email, name: "A", password: "mat-khau-an-toan" });
    const error = await rejection(registerUser({ email, name: "B", password: "mat-khau-khac-nua" }));
    expect(error.code).toBe("conflict");
    expect(error.fields).toEqual({ email: "email_taken" });
  });
  it("accepts the right password only, and never returns the hash", async () => {
    const user = await newUser();
    expect(await userForCredentials(user.email, "sai-mat-khau")).toBeNull();
    expect(await userForCredentials(`nobody-${user.email}`, "mat-khau-an-toan")).toBeNull();
    const found = await userForCredentials(user.email, "mat-khau-an-toan");
    expect(found).toEqual({ id: user.id, email: user.email, name: user.name, sessionVersion: 0 });
    expect(JSON.stringify(found)).not.toContain("argon2");
  });
});

describe("turns", () => {
  it("creates the thread on the first message and saves the question before any reply", async () => {
    const user = await newUser();
    const threadId = randomUUID();
    const job = await startUserTurn({ userId: user.id, threadId, text: "Thủ đô của Việt Nam là gì?" });
    expect(job.threadCreated).toBe(true);
    expect(job.history).toEqual([{ role: "user", content: "Thủ đô của Việt Nam là gì?" }]);
    const thread = await threadWithMessagesForUser({ threadId, userId: user.id });
    expect(thread?.title).toBe("Thủ đô của Việt Nam là gì?");
    expect(thread?.messages.map((m) => [m.role, m.status])).toEqual([
      ["user", "complete"],
      ["assistant", "pending"],
    ]);
  });

  it("refuses a new message while a reply is pending, then continues the thread with its history", async () => {
    const user = await newUser();
    const threadId = randomUUID();
    const first = await startUserTurn({ userId: user.id, threadId, text: "Câu một" });
    expect((await rejection(startUserTurn({ userId: user.id, threadId, text: "Quá sớm" }))).code).toBe("conflict");
    await saveReplyOutcome(first.assistantMessageId, { content: "Đáp một", status: "complete", finishReason: "stop" });
    const second = await startUserTurn({ userId: user.id, threadId, text: "Câu hai" });
    expect(second.threadCreated).toBe(false);
    expect(second.history).toEqual([
      { role: "user", content: "Câu một" },
      { role: "assistant", content: "Đáp một" },
      { role: "user", content: "Câu hai" },
    ]);
  });

  it("answers not_found for another user's thread, for messages and retries alike", async () => {
    const owner = await newUser("Owner");
    const intruder = await newUser("Intruder");
    const threadId = randomUUID();
    const job = await startUserTurn({ userId: owner.id, threadId, text: "Bí mật" });
    await saveReplyOutcome(job.assistantMessageId, { content: "", status: "failed", errorCode: "model_unavailable" });
    expect((await rejection(startUserTurn({ userId: intruder.id, threadId, text: "Xem trộm" }))).code).toBe(
      "not_found",
    );
    expect((await rejection(startRetryTurn({ userId: intruder.id, threadId }))).code).toBe("not_found");
    expect(await threadWithMessagesForUser({ threadId, userId: intruder.id })).toBeNull();
    expect(await threadsForUser({ userId: intruder.id })).toEqual([]);
    const stored = await threadWithMessagesForUser({ threadId, userId: owner.id });
    expect(stored?.messages).toHaveLength(2);
  });

  it("drops the end of a reply whose thread was deleted while it was generating", async () => {
    const user = await newUser();
    const threadId = randomUUID();
    const job = await startUserTurn({ userId: user.id, threadId, text: "Câu hỏi sắp bị xoá" });
    await db().thread.delete({ where: { id: threadId } });
    await expect(
      saveReplyOutcome(job.assistantMessageId, { content: "Đáp", status: "complete", finishReason: "stop" }),
    ).resolves.toBeUndefined();
    expect(await db().message.count({ where: { id: job.assistantMessageId } })).toBe(0);
  });

  it("retries a failed reply in place", async () => {
    const user = await newUser();
    const threadId = randomUUID();
    const job = await startUserTurn({ userId: user.id, threadId, text: "Câu hỏi" });
    await saveReplyOutcome(job.assistantMessageId, { content: "", status: "failed", errorCode: "model_error" });
    const retry = await startRetryTurn({ userId: user.id, threadId });
    expect(retry.assistantMessageId).toBe(job.assistantMessageId);
    expect(retry.history).toEqual([{ role: "user", content: "Câu hỏi" }]);
    const thread = await threadWithMessagesForUser({ threadId, userId: user.id });
    expect(thread?.messages.at(-1)).toMatchObject({ id: job.assistantMessageId, status: "pending", errorCode: null });
    expect((await rejection(startRetryTurn({ userId: user.id, threadId }))).code).toBe("conflict");
  });

  it("lists a user's threads most recently active first", async () => {
    const user = await newUser();
    const [a, b] = [randomUUID(), randomUUID()];
    const jobA = await startUserTurn({ userId: user.id, threadId: a, text: "Thread A" });
    await saveReplyOutcome(jobA.assistantMessageId, { content: "x", status: "complete" });
    const jobB = await startUserTurn({ userId: user.id, threadId: b, text: "Thread B" });
    await saveReplyOutcome(jobB.assistantMessageId, { content: "y", status: "complete" });
    expect((await threadsForUser({ userId: user.id })).map((t) => t.id)).toEqual([b, a]);
    await startUserTurn({ userId: user.id, threadId: a, text: "Again A" });
    expect((await threadsForUser({ userId: user.id })).map((t) => t.id)).toEqual([a, b]);
  });

  it("shows a reply abandoned by a dead process as interrupted, keeping its text, and lets the thread go on", async () => {
    const user = await newUser();
    const threadId = randomUUID();
    const job = await startUserTurn({ userId: user.id, threadId, text: "Câu hỏi dài" });
    await db().message.update({
      where: { id: job.assistantMessageId },
      data: {
        status: "streaming",
        content: "Nửa câu trả lời",
        updatedAt: new Date(Date.now() - staleReplyMs() - 1_000),
      },
    });
    const thread = await threadWithMessagesForUser({ threadId, userId: user.id });
    expect(thread?.messages.at(-1)).toMatchObject({ status: "interrupted", content: "Nửa câu trả lời" });
    const retry = await startRetryTurn({ userId: user.id, threadId });
    expect(retry.assistantMessageId).toBe(job.assistantMessageId);
  });

  it("keeps a reply that is still being touched as in progress", async () => {
    const user = await newUser();
    const threadId = randomUUID();
    const job = await startUserTurn({ userId: user.id, threadId, text: "Câu hỏi" });
    await db().message.update({
      where: { id: job.assistantMessageId },
      data: { status: "streaming", content: "Đang" },
    });
    const thread = await threadWithMessagesForUser({ threadId, userId: user.id });
    expect(thread?.messages.at(-1)?.status).toBe("streaming");
    expect((await rejection(startUserTurn({ userId: user.id, threadId, text: "Chen ngang" }))).code).toBe("conflict");
  });
});
