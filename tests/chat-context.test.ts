// The chat path's context window with the database: token counts stored once, a message too long
// for the model refused before anything is stored, earlier turns left out newest-last, the page's
// divider where the reply's stream put it, and generation settings per user and per thread.
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { loadTokenizer } from "@/inference/emulator/tokens";
import type { ContextDeps } from "@/lib/chat/context";
import { contextStartId } from "@/lib/chat/context";
import { threadContextStart } from "@/lib/chat/context-start";
import {
  saveThreadGenerationOverrides,
  saveUserGenerationOverrides,
  threadGenerationOverrides,
} from "@/lib/chat/generation-settings";
import { parseGenerationOverrides } from "@/lib/chat/settings-schema";
import { threadWithMessagesForUser } from "@/lib/chat/threads";
import type { TokenCounter } from "@/lib/chat/token-counter";
import { countTurns } from "@/lib/chat/token-counts";
import { saveReplyOutcome, startContinueTurn, startRetryTurn, startUserTurn, type ReplyJob } from "@/lib/chat/turns";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { turnFragment } from "@/lib/phogpt/turn-fragment";
import { newUser, rejection } from "./support/fixtures";

const tokenizer = loadTokenizer();
const tokensOf = (text: string) => tokenizer.encode(text).length;

function countingCounter() {
  const asked: string[] = [];
  const counter: TokenCounter = {
    count: async (text) => {
      asked.push(text);
      return tokensOf(text);
    },
  };
  return { counter, asked };
}

function deps(counter: TokenCounter, limits = { maxInputTokens: 1500, maxTotalTokens: 2048 }): ContextDeps {
  return { limits: async () => limits, counter, minReplyTokens: 256 };
}

const longAnswer = (n: number) => `Câu trả lời số ${n}: ${"phở bò Hà Nội rất ngon và nổi tiếng. ".repeat(30)}`;

/** Sends `count` exchanges with long answers, each reply saved as the chat path does. */
async function fillThread(userId: string, threadId: string, count: number, counter: TokenCounter) {
  let last: ReplyJob | undefined;
  for (let n = 1; n <= count; n++) {
    last = await startUserTurn({ userId, threadId, text: `Câu hỏi số ${n}?` }, deps(counter));
    await saveReplyOutcome(last.assistantMessageId, {
      content: longAnswer(n),
      status: "complete",
      finishReason: "stop",
    });
  }
  return last as ReplyJob;
}

describe("token counts", () => {
  it("are not asked for while a thread fits by its upper bounds", async () => {
    const { id: userId } = await newUser();
    const threadId = randomUUID();
    const { counter, asked } = countingCounter();
    const job = await startUserTurn({ userId, threadId, text: "Xin chào" }, deps(counter));
    await saveReplyOutcome(job.assistantMessageId, { content: "Chào bạn!", status: "complete" });
    await startUserTurn({ userId, threadId, text: "Bạn khỏe không?" }, deps(counter));
    expect(asked).toEqual([]);
    expect(job.window.start).toBe(0);
  });

  it("are counted once a prompt needs them and stored, so later turns count only what is new", async () => {
    const { id: userId } = await newUser();
    const threadId = randomUUID();
    const { counter, asked } = countingCounter();
    const last = await fillThread(userId, threadId, 3, counter);
    asked.length = 0;
    const next = await startUserTurn({ userId, threadId, text: "Câu hỏi mới" }, deps(counter));
    // Newest first: the new question, then the last reply (counted for the first time).
    expect(asked).toEqual([
      turnFragment({ role: "user", content: "Câu hỏi mới" }),
      turnFragment({ role: "assistant", content: longAnswer(3) }),
    ]);
    const thread = await threadWithMessagesForUser({ threadId, userId });
    const stored = (thread?.messages ?? []).filter((message) => message.id !== next.assistantMessageId);
    expect(stored.map((message) => message.id)).toContain(last.assistantMessageId);
    for (const message of stored) expect(message.tokenCount).toBe(tokensOf(turnFragment(message)));
  });

  it("missing ones (older rows, no /tokenize) are counted once when needed, newest first, and kept", async () => {
    const { id: userId } = await newUser();
    const threadId = randomUUID();
    const { counter } = countingCounter();
    await fillThread(userId, threadId, 12, counter);
    await db().message.updateMany({ where: { threadId }, data: { tokenCount: null } });
    // A server without /tokenize: UTF-8 lengths, nothing stored.
    const none: TokenCounter = { count: async () => null };
    const job = await startUserTurn({ userId, threadId, text: "Không đếm được" }, deps(none));
    expect(job.window.candidates.every((turn) => !turn.exact)).toBe(true);
    expect(await db().message.count({ where: { threadId, tokenCount: { not: null } } })).toBe(0);
    await saveReplyOutcome(job.assistantMessageId, { content: "Ngắn.", status: "complete" });

    const counting = countingCounter();
    await startUserTurn({ userId, threadId, text: "Đếm lại" }, deps(counting.counter));
    const stored = await db().message.count({ where: { threadId, tokenCount: { not: null } } });
    // Only the newest turns, as far as the window can reach, were counted, and each once.
    expect(stored).toBeGreaterThan(2);
    expect(stored).toBeLessThan(24);
    expect(new Set(counting.asked).size).toBe(counting.asked.length);
  });

  it("are not stored for a reply whose text changed since it was read", async () => {
    const { id: userId } = await newUser();
    const threadId = randomUUID();
    const { counter } = countingCounter();
    const job = await startUserTurn({ userId, threadId, text: "Kể chuyện" }, deps(counter));
    await saveReplyOutcome(job.assistantMessageId, { content: "Ngày xưa, có", status: "stopped" });
    const read = { id: job.assistantMessageId, role: "assistant" as const, content: "Ngày xưa", tokenCount: null };
    const [counted] = await countTurns([read], 0, counter);
    expect(counted?.exact).toBe(true);
    const reply = await db().message.findUnique({ where: { id: job.assistantMessageId } });
    expect(reply?.tokenCount).toBeNull();
  });
});

describe("the context window of a reply", () => {
  it("refuses a message too long for the model before storing anything, naming its tokens and the limit", async () => {
    const { id: userId } = await newUser();
    const threadId = randomUUID();
    const { counter } = countingCounter();
    const text = "Tiếng Việt có sáu thanh điệu. ".repeat(250);
    const error = await rejection(startUserTurn({ userId, threadId, text }, deps(counter)));
    expect(error.code).toBe("context_too_long");
    expect(error.status).toBe(422);
    expect(error.fields).toEqual({ text: "context_too_long" });
    expect(error.details).toEqual({ tokens: tokensOf(turnFragment({ role: "user", content: text })), limit: 1500 });
    expect(error.message).toContain(`${error.details?.tokens} tokens`);
    expect(await db().thread.count({ where: { id: threadId } })).toBe(0);

    // In an existing thread too: nothing is added.
    await fillThread(userId, threadId, 1, counter);
    await rejection(startUserTurn({ userId, threadId, text }, deps(counter)));
    expect(await db().message.count({ where: { threadId } })).toBe(2);
  });

  it("leaves the oldest exchanges out, and the page shows the divider where the stream said", async () => {
    const { id: userId } = await newUser();
    const threadId = randomUUID();
    const { counter } = countingCounter();
    const job = await fillThread(userId, threadId, 10, counter);
    const messages = (await threadWithMessagesForUser({ threadId, userId }))?.messages ?? [];
    // The newest turns, ending with the last question, within 1500 prompt tokens.
    expect(job.history.at(-1)).toEqual({ role: "user", content: "Câu hỏi số 10?" });
    expect(job.history.length).toBeLessThan(19);
    expect(job.history[0]?.role).toBe("user");
    expect(job.window.promptTokens).toBeLessThanOrEqual(1500);
    expect(job.window.promptTokens + job.window.maxTokens).toBeLessThanOrEqual(2048);
    const start = contextStartId(job.window);
    expect(start).toBe(messages[messages.length - 1 - job.history.length]?.id);
    expect(await threadContextStart({ userId, threadId, messages }, deps(counter))).toBe(start);
  });

  it("shows no divider while everything fits", async () => {
    const { id: userId } = await newUser();
    const threadId = randomUUID();
    const { counter } = countingCounter();
    const job = await fillThread(userId, threadId, 2, counter);
    expect(contextStartId(job.window)).toBeNull();
    const messages = (await threadWithMessagesForUser({ threadId, userId }))?.messages ?? [];
    expect(await threadContextStart({ userId, threadId, messages }, deps(counter))).toBeNull();
  });

  it("keeps the open answer whole on Continue and refuses one too long to continue", async () => {
    const { id: userId } = await newUser();
    const threadId = randomUUID();
    const { counter } = countingCounter();
    await fillThread(userId, threadId, 4, counter);
    const job = await startUserTurn({ userId, threadId, text: "Viết dài" }, deps(counter));
    await saveReplyOutcome(job.assistantMessageId, {
      content: longAnswer(5),
      status: "complete",
      finishReason: "length",
    });
    const continued = await startContinueTurn({ userId, threadId }, deps(counter));
    expect(continued.history.slice(-2)).toEqual([
      { role: "user", content: "Viết dài" },
      { role: "assistant", content: longAnswer(5) },
    ]);
    expect(continued.prefix).toBe(longAnswer(5));

    await saveReplyOutcome(job.assistantMessageId, {
      content: "Dài quá. ".repeat(900),
      status: "complete",
      finishReason: "length",
    });
    const error = await rejection(startContinueTurn({ userId, threadId }, deps(counter)));
    expect(error.code).toBe("context_too_long");
    expect(error.fields).toBeUndefined();
    // Refused before any write: the reply is as it was.
    const reply = await db().message.findUnique({ where: { id: job.assistantMessageId } });
    expect(reply?.status).toBe("complete");
  });

  it("shrinks max_tokens to what the context has left and uses the thread's settings", async () => {
    const { id: userId } = await newUser();
    const threadId = randomUUID();
    const { counter } = countingCounter();
    await fillThread(userId, threadId, 1, counter);
    await saveUserGenerationOverrides(userId, { temperature: 0.3, maxReplyTokens: 1800 });
    await saveThreadGenerationOverrides({ threadId, userId }, { topK: 20 });
    const job = await startUserTurn({ userId, threadId, text: "Tiếp" }, deps(counter));
    expect(job.settings).toEqual({ temperature: 0.3, topP: 0.9, topK: 20, repetitionPenalty: 1, maxReplyTokens: 1792 });
    expect(job.window.maxTokens).toBe(Math.min(1792, 2048 - job.window.promptTokens));
  });

  it("retries in place with the same window rules", async () => {
    const { id: userId } = await newUser();
    const threadId = randomUUID();
    const { counter } = countingCounter();
    const job = await startUserTurn({ userId, threadId, text: "Câu hỏi" }, deps(counter));
    await saveReplyOutcome(job.assistantMessageId, { content: "", status: "failed", errorCode: "model_rejected" });
    const retry = await startRetryTurn({ userId, threadId }, deps(counter));
    expect(retry.history).toEqual([{ role: "user", content: "Câu hỏi" }]);
    expect(contextStartId(retry.window)).toBeNull();
  });
});

describe("generation settings", () => {
  it("are validated with a clear message and a reason per field", () => {
    expect(parseGenerationOverrides({ temperature: 0.7, topP: null }, 8192)).toEqual({ temperature: 0.7 });
    const error = (() => {
      try {
        parseGenerationOverrides({ temperature: 3, topP: 0, topK: 7.5, maxReplyTokens: 8000, seed: 1 }, 8192);
      } catch (caught) {
        return caught as AppError;
      }
      throw new Error("expected a validation error");
    })();
    expect(error.code).toBe("validation");
    expect(error.fields).toEqual({
      seed: "unknown_setting",
      temperature: "out_of_range",
      topP: "out_of_range",
      topK: "out_of_range",
      maxReplyTokens: "out_of_range",
    });
    expect(() => parseGenerationOverrides({ temperature: 3 }, 8192)).toThrow(
      "temperature must be a number from 0 to 2",
    );
    expect(() => parseGenerationOverrides({ topP: 0 }, 8192)).toThrow("greater than 0 and at most 1");
    expect(() => parseGenerationOverrides({ maxReplyTokens: 2000 }, 2048)).toThrow("from 16 to 1792");
    expect(() => parseGenerationOverrides({ temperature: "hot" }, 8192)).toThrow(AppError);
    expect(() => parseGenerationOverrides([], 8192)).toThrow(AppError);
  });

  it("of another user's thread are not found", async () => {
    const owner = await newUser();
    const intruder = await newUser();
    const threadId = randomUUID();
    await startUserTurn({ userId: owner.id, threadId, text: "Riêng tư" }, deps(countingCounter().counter));
    const read = await rejection(threadGenerationOverrides({ threadId, userId: intruder.id }));
    expect(read.code).toBe("not_found");
    const write = await rejection(saveThreadGenerationOverrides({ threadId, userId: intruder.id }, { topK: 1 }));
    expect(write.code).toBe("not_found");
    expect(await threadGenerationOverrides({ threadId, userId: owner.id })).toEqual({});
  });
});
