// The context window against the real PhoGPT tokenizer (../shared/phogpt, as the emulator and
// TGI use it): for hundreds of random Vietnamese conversations, the prompt the chat path sends
// fits both server limits, holds the newest turns, and is the official chat template's rendering
// of the turns it keeps.
import { readFileSync } from "node:fs";
import path from "node:path";
import type { LanguageModelV4 } from "@ai-sdk/provider";
import { Template } from "@huggingface/jinja";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { defaultTokenizerDir, loadTokenizer } from "@/inference/emulator/tokens";
import { AppError } from "@/lib/errors";
import type { CompletionRequest, ModelServer } from "@/lib/model-server/types";
import { promptTokenLimit, type WindowBudget } from "@/lib/phogpt/context-window";
import { VINAI_GENERATION_SETTINGS } from "@/lib/phogpt/generation-settings";
import { createPhoGptLanguageModel } from "@/lib/phogpt/language-model";
import { buildPhoGptPrompt } from "@/lib/phogpt/prompt";
import { fragmentTokenBound, turnFragment } from "@/lib/phogpt/turn-fragment";
import { planReplyWindow, windowTurns, type ReplyWindow } from "./context";
import { replyCallOptions } from "./reply-call";
import type { TokenCounter } from "./token-counter";
import type { CountableTurn } from "./token-counts";

const tokenizer = loadTokenizer(defaultTokenizerDir, () => {
  throw new Error("the PhoGPT tokenizer files are missing from ../shared/phogpt");
});
const realTokens = (text: string) => tokenizer.encode(text).length;
const template = new Template(
  (
    JSON.parse(readFileSync(path.join(defaultTokenizerDir, "tokenizer_config.json"), "utf8")) as {
      chat_template: string;
    }
  ).chat_template,
);

/** What the server would have received: the language model's request, captured at the ModelServer. */
async function sentRequest(window: ReplyWindow): Promise<CompletionRequest> {
  const requests: CompletionRequest[] = [];
  const server: ModelServer = {
    info: () => Promise.reject(new Error("not used")),
    health: () => Promise.resolve(true),
    countTokens: () => Promise.resolve(null),
    async *complete(request) {
      requests.push(request);
      yield { type: "finish", reason: "eos" };
    },
  };
  const model: LanguageModelV4 = createPhoGptLanguageModel({ server });
  const job = { history: windowTurns(window), window, settings: VINAI_GENERATION_SETTINGS };
  const { stream } = await model.doStream(replyCallOptions(job));
  for await (const part of stream) if (part.type === "error") throw part.error;
  const request = requests[0];
  if (!request) throw new Error("no request was sent");
  return request;
}

// Texts: Vietnamese words with every tone mark, punctuation, code blocks, emoji, markdown, the
// template's own markers, and random graphemes (none of the few on which JavaScript's trim, used
// by the Jinja port, and Python's strip disagree).
const DIVERGENT = /[\ufeff\x1c-\x1f\x85]/g;
const words = (
  "Xin chào Việt Nam phở bún chả được người thích ăn ở Hà Nội thành phố Hồ Chí Minh tiếng quốc ngữ " +
  "nghiêng khuỷu ưỡn Đặng Đà Nẵng trăm năm trong cõi chữ tài mệnh khéo là ghét nhau xoài ổi ỷ lại"
).split(" ");
const piece = fc.oneof(
  { weight: 12, arbitrary: fc.constantFrom(...words).map((word) => `${word} `) },
  { weight: 3, arbitrary: fc.constantFrom(". ", ", ", "? ", "! ", "\n", "\n\n", ": ", "… ", " - ", "  ", "\t") },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      "```python\nprint('xin chào')\n```\n",
      "```js\nconst phở = () => 1;\n```",
      "**đậm** _nghiêng_ `mã`",
      "- một\n- hai\n",
      "| a | b |\n|---|---|\n",
    ),
  },
  { weight: 1, arbitrary: fc.constantFrom("😀", "🇻🇳", "👍🏽", "❤️", "🍜 ", "👨‍👩‍👧") },
  { weight: 1, arbitrary: fc.constantFrom("</s>", "### Câu hỏi:", "\n### Trả lời: ", "<s>") },
  { weight: 1, arbitrary: fc.integer().map((n) => `${n} `) },
  { weight: 1, arbitrary: fc.string({ unit: "grapheme", maxLength: 4 }).map((s) => s.replace(DIVERGENT, "")) },
);
const text = (maxPieces: number) => fc.array(piece, { maxLength: maxPieces }).map((pieces) => pieces.join(""));
const sizedText = fc.oneof({ weight: 6, arbitrary: text(30) }, { weight: 1, arbitrary: text(500) });
const question = fc
  .tuple(fc.constantFrom(...words), sizedText)
  .map(([first, rest]) => `${first} ${rest}`.trim())
  .filter((t) => t !== "");
const answer = fc
  .tuple(fc.constantFrom(...words), sizedText)
  .map(([first, rest]) => `${first} ${rest}`)
  .filter((t) => t !== "");

const conversation = fc.record({
  exchanges: fc.array(fc.tuple(question, answer), { maxLength: 24 }),
  last: question,
  // Continue: the thread ends with an open answer.
  open: fc.option(answer, { freq: 4 }),
  // Some counts already stored, some not.
  stored: fc.array(fc.boolean(), { minLength: 60, maxLength: 60 }),
});

const budget = fc
  .record({
    maxTotalTokens: fc.constantFrom(512, 1024, 2048, 4096, 8192),
    inputShare: fc.double({ min: 0.5, max: 0.99, noNaN: true }),
    maxReplyTokens: fc.integer({ min: 16, max: 2048 }),
    minReplyTokens: fc.constantFrom(16, 64, 256, 512),
  })
  .map(({ inputShare, ...rest }): WindowBudget => ({
    ...rest,
    maxInputTokens: Math.floor(rest.maxTotalTokens * inputShare),
  }));

// The server's counts, none (a server without /tokenize: UTF-8 lengths), or some of each.
const counters: Record<string, TokenCounter> = {
  tokenize: { count: async (t) => realTokens(t) },
  none: { count: async () => null },
  flaky: { count: async (t) => (t.length % 3 === 0 ? null : realTokens(t)) },
};

type Conversation = typeof conversation extends fc.Arbitrary<infer T> ? T : never;

function turnsOf({ exchanges, last, open, stored }: Conversation): CountableTurn[] {
  const turns = [
    ...exchanges.flatMap(([q, r]) => [
      { role: "user" as const, content: q },
      { role: "assistant" as const, content: r },
    ]),
    { role: "user" as const, content: last },
    ...(open === null ? [] : [{ role: "assistant" as const, content: open }]),
  ];
  return turns.map((turn, index) => ({
    ...turn,
    id: null,
    tokenCount: stored[index % stored.length] ? realTokens(turnFragment(turn)) : null,
  }));
}

describe("the context window with PhoGPT's tokenizer (property)", () => {
  it("sends prompts within both limits, newest turns kept, rendered as the official template does", async () => {
    let kept = 0;
    let dropped = 0;
    let refused = 0;
    await fc.assert(
      fc.asyncProperty(conversation, budget, fc.constantFrom(...Object.keys(counters)), async (convo, b, kind) => {
        const turns = turnsOf(convo);
        const counter = counters[kind] as TokenCounter;
        let window: ReplyWindow;
        try {
          window = await planReplyWindow(turns, b, counter);
        } catch (error) {
          // Refused only when its own upper bound does not fit, before any model call.
          expect(error).toBeInstanceOf(AppError);
          expect((error as AppError).code).toBe("context_too_long");
          expect((error as AppError).details?.tokens).toBeGreaterThan(promptTokenLimit(b));
          refused++;
          return;
        }
        const request = await sentRequest(window);
        const promptTokens = realTokens(request.prompt);

        // Both limits, with the reply's room.
        expect(promptTokens).toBeLessThanOrEqual(b.maxInputTokens);
        expect(promptTokens + request.maxTokens).toBeLessThanOrEqual(b.maxTotalTokens);
        expect(request.maxTokens).toBeGreaterThanOrEqual(Math.min(b.maxReplyTokens, b.minReplyTokens));
        expect(request.maxTokens).toBeLessThanOrEqual(b.maxReplyTokens);

        // The estimate bounds the real count; with the server's counts it is off by the first
        // question's "\n" and an open answer's "</s>" at most. A thread that fits by upper bounds
        // is not counted: then everything is kept and the reply has its whole allowance.
        expect(window.promptTokens).toBeGreaterThanOrEqual(promptTokens);
        const bounds = turns.reduce((sum, turn) => sum + (turn.tokenCount ?? fragmentTokenBound(turn)), 0);
        if (bounds <= Math.min(promptTokenLimit(b), b.maxTotalTokens - b.maxReplyTokens)) {
          expect(window.start).toBe(0);
          expect(request.maxTokens).toBe(b.maxReplyTokens);
        } else if (kind === "tokenize" || convo.stored.every(Boolean)) {
          expect(window.promptTokens - promptTokens).toBeLessThanOrEqual(2);
        }

        // The newest turns, whole exchanges, as many as fit.
        const keptTurns = turns.slice(window.start);
        expect(keptTurns[0]?.role).toBe("user");
        if (window.start > 0) {
          const previous = window.candidates.slice(window.start - 2, window.start);
          const withPrevious = window.promptTokens + previous.reduce((sum, turn) => sum + turn.tokens, 0);
          expect(withPrevious).toBeGreaterThan(promptTokenLimit(b));
          dropped++;
        } else kept++;

        // Exactly the official template's rendering of the kept turns.
        const continuing = convo.open !== null;
        const rendered = template.render({
          messages: keptTurns.map(({ role, content }) => ({ role, content })),
          add_generation_prompt: !continuing,
          eos_token: "</s>",
          bos_token: "<s>",
        });
        expect(continuing ? `${request.prompt}</s>` : request.prompt).toBe(rendered);
      }),
      { numRuns: 400 },
    );
    // The generators reach every outcome.
    expect(kept).toBeGreaterThan(20);
    expect(dropped).toBeGreaterThan(20);
    expect(refused).toBeGreaterThan(0);
  }, 120_000);

  it('counts a prompt as the sum of its turns\' fragments less the first "\\n" and an open "</s>" (property)', () => {
    // BPE never merges across a fragment boundary with this tokenizer: the budget is exact.
    fc.assert(
      fc.property(conversation, (convo) => {
        const turns = turnsOf(convo).map(({ role, content }) => ({ role, content }));
        const continuing = turns.at(-1)?.role === "assistant";
        const prompt = buildPhoGptPrompt(turns, { continueAssistant: continuing });
        const sum = turns.reduce((total, turn) => total + realTokens(turnFragment(turn)), 0);
        expect(sum - realTokens(prompt)).toBe(continuing ? 2 : 1);
      }),
      { numRuns: 300 },
    );
  });
});
