// A server that refuses the prompt as too long although the app fitted it (smaller limits than
// its cached /info said, or a tokenizer that counts more): the reply path fits the window again
// from the counts in TGI's error and retries once, against the emulator over HTTP.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startEmulator, type Emulator } from "@/inference/emulator/server";
import { ModelServerError } from "@/lib/model-server/errors";
import { createTgiServer } from "@/lib/model-server/tgi-server";
import type { WindowBudget } from "@/lib/phogpt/context-window";
import { VINAI_GENERATION_SETTINGS } from "@/lib/phogpt/generation-settings";
import { createPhoGptLanguageModel } from "@/lib/phogpt/language-model";
import { planReplyWindow, windowTurns, type ReplyWindow } from "./context";
import { isLengthRejection, withLengthRetry } from "./length-retry";
import { errorCodeForModelFailure } from "./model-errors";
import { replyCallOptions } from "./reply-call";
import type { TokenCounter } from "./token-counter";
import type { CountableTurn } from "./token-counts";

// The emulator's real limits; the app is made to believe others.
const REAL = { maxInputTokens: 1500, maxTotalTokens: 2048 };
let emulator: Emulator;

beforeAll(async () => {
  emulator = await startEmulator({ port: 0, tokensPerSecond: 0, ...REAL });
});
afterAll(async () => {
  await emulator?.close();
});
beforeEach(async () => {
  await emulator.reset();
});

const server = () => createTgiServer({ url: emulator.url, timeoutMs: 10_000 });
const exact = (): TokenCounter => ({ count: (text) => server().countTokens(text) });

function thread(exchanges: number, lastQuestion = "Câu hỏi cuối cùng?"): CountableTurn[] {
  const turns: CountableTurn[] = [];
  for (let n = 1; n <= exchanges; n++) {
    turns.push({ id: `q${n}`, role: "user", content: `Câu hỏi ${n}`, tokenCount: null });
    turns.push({ id: `a${n}`, role: "assistant", content: "Phở là món ăn của Hà Nội. ".repeat(25), tokenCount: null });
  }
  turns.push({ id: "last", role: "user", content: lastQuestion, tokenCount: null });
  return turns;
}

const budget = (limits: { maxInputTokens: number; maxTotalTokens: number }): WindowBudget => ({
  ...limits,
  maxReplyTokens: 1024,
  minReplyTokens: 256,
});

/** The server's /info read afresh, as the reply path does after a rejection. */
async function currentLimits() {
  const { maxInputTokens, maxTotalTokens } = await server().info();
  return { maxInputTokens, maxTotalTokens };
}

async function reply(window: ReplyWindow, options: { readInfo?: boolean } = {}) {
  const refits: ReplyWindow[] = [];
  const rejections: unknown[] = [];
  const model = withLengthRetry(createPhoGptLanguageModel({ server: server() }), window, {
    onRejected: (error) => rejections.push(error),
    onRefit: (next) => refits.push(next),
    ...(options.readInfo ? { currentLimits } : {}),
  });
  const job = { history: windowTurns(window), window, settings: VINAI_GENERATION_SETTINGS };
  let text = "";
  const errors: unknown[] = [];
  let finishReason: string | undefined;
  try {
    const { stream } = await model.doStream(replyCallOptions(job));
    for await (const part of stream) {
      if (part.type === "text-delta") text += part.delta;
      else if (part.type === "error") errors.push(part.error);
      else if (part.type === "finish") finishReason = part.finishReason.unified;
    }
  } catch (error) {
    // A second refusal rejects the call.
    errors.push(error);
  }
  if (errors.length > 0) finishReason = "error";
  return { text, errors, refits, rejections, finishReason };
}

function expectWithinRealLimits(request: { promptTokens: number | null; parameters: object } | undefined) {
  const promptTokens = request?.promptTokens ?? Infinity;
  const maxNewTokens = Number((request?.parameters as { max_new_tokens?: number } | undefined)?.max_new_tokens);
  expect(promptTokens).toBeLessThanOrEqual(REAL.maxInputTokens);
  expect(promptTokens + maxNewTokens).toBeLessThanOrEqual(REAL.maxTotalTokens);
}

describe("a length rejection from the server", () => {
  it("of the input: fitted again under the limit the error names, then answered", async () => {
    // The app believes a larger max_input_tokens: the total passes, the input does not.
    const window = await planReplyWindow(thread(12), budget({ maxInputTokens: 2000, maxTotalTokens: 2048 }), exact());
    expect(window.promptTokens).toBeGreaterThan(REAL.maxInputTokens);
    const outcome = await reply(window);

    const requests = emulator.state().requests;
    expect(requests.map((request) => request.outcome)).toEqual(["validation_error", "finished"]);
    expect(requests[0]?.error).toContain("`inputs` must have less than 1500 tokens");
    expectWithinRealLimits(requests[1]);
    expect(outcome.refits[0]?.start).toBeGreaterThan(window.start);
    expect(outcome.errors).toEqual([]);
  });

  it("after a restart with smaller limits than the cached /info: /info is read again, then answered", async () => {
    const window = await planReplyWindow(thread(12), budget({ maxInputTokens: 8192, maxTotalTokens: 8192 }), exact());
    expect(window.start).toBe(0);
    const outcome = await reply(window, { readInfo: true });

    const [refused, retried, ...others] = emulator.state().requests;
    expect(others).toEqual([]);
    expect(refused?.outcome).toBe("validation_error");
    expect(retried?.outcome).toBe("finished");
    expectWithinRealLimits(retried);
    expect(outcome.rejections).toHaveLength(1);
    expect(outcome.refits[0]?.start).toBeGreaterThan(0);
    expect(outcome.errors).toEqual([]);
    expect(outcome.finishReason).toBe("stop");
    expect(outcome.text).toContain("Câu hỏi cuối cùng?");
  });

  it("when the server counts more than the app: the drift is taken off the limits", async () => {
    const real = exact();
    // A different tokenizer: the app counts 25% fewer tokens than the server.
    const undercount: TokenCounter = {
      count: async (text) => Math.floor(((await real.count(text)) ?? 0) * 0.75),
    };
    const window = await planReplyWindow(thread(12), budget(REAL), undercount);
    const outcome = await reply(window, { readInfo: true });
    const requests = emulator.state().requests;
    expect(requests.map((request) => request.outcome)).toEqual(["validation_error", "finished"]);
    expectWithinRealLimits(requests[1]);
    expect(outcome.errors).toEqual([]);
  });

  it("is surfaced when even the new question alone does not fit the server's limits", async () => {
    const question = "Một câu hỏi rất dài về lịch sử Việt Nam. ".repeat(150);
    const window = await planReplyWindow(
      thread(1, question),
      budget({ maxInputTokens: 8192, maxTotalTokens: 8192 }),
      exact(),
    );
    const outcome = await reply(window, { readInfo: true });
    expect(emulator.state().requests.map((request) => request.outcome)).toEqual(["validation_error"]);
    expect(outcome.refits).toEqual([]);
    expect(outcome.errors).toHaveLength(1);
    expect(isLengthRejection(outcome.errors[0])).toBe(true);
    expect(errorCodeForModelFailure(outcome.errors[0])).toBe("model_rejected");
  });

  it("is told apart from other validation errors, which are not retried", () => {
    const length = new ModelServerError("validation", "`inputs` must have less than 10 tokens. Given: 12", {
      limit: 10,
      inputTokens: 12,
    });
    expect(isLengthRejection(length)).toBe(true);
    expect(isLengthRejection(new ModelServerError("validation", "`top_p` must be > 0.0 and < 1.0"))).toBe(false);
    expect(isLengthRejection(new ModelServerError("overloaded", "Model is overloaded"))).toBe(false);
  });
});
