import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  assemblePrompt,
  fitContextWindow,
  promptTokenLimit,
  type WindowBudget,
  type WindowTurn,
} from "./context-window";
import { buildPhoGptPrompt } from "./prompt";

const u = (tokens: number): WindowTurn => ({ role: "user", tokens });
const a = (tokens: number): WindowTurn => ({ role: "assistant", tokens });
const budget = (overrides: Partial<WindowBudget> = {}): WindowBudget => ({
  maxInputTokens: 100,
  maxTotalTokens: 150,
  maxReplyTokens: 80,
  minReplyTokens: 50,
  ...overrides,
});

describe("promptTokenLimit", () => {
  it("keeps room for the minimum reply, or for the whole reply when less is asked", () => {
    expect(promptTokenLimit(budget())).toBe(100); // min(100, 150 - 50)
    expect(promptTokenLimit(budget({ maxTotalTokens: 120 }))).toBe(70);
    expect(promptTokenLimit(budget({ maxTotalTokens: 120, maxReplyTokens: 20 }))).toBe(100);
  });
});

describe("fitContextWindow", () => {
  it("keeps everything that fits and shrinks max_tokens to what is left", () => {
    expect(fitContextWindow([u(10), a(20), u(30)], budget())).toEqual({
      fits: true,
      start: 0,
      promptTokens: 60,
      maxTokens: 80,
    });
    expect(fitContextWindow([u(10), a(20), u(60)], budget())).toMatchObject({ start: 0, maxTokens: 60 });
  });

  it("drops the oldest exchanges first, a question with its answer", () => {
    // limit 100: the tail (30) + the newest exchange (25 + 25) fit; the next (10 + 40) does not.
    expect(fitContextWindow([u(10), a(40), u(25), a(25), u(30)], budget())).toEqual({
      fits: true,
      start: 2,
      promptTokens: 80,
      maxTokens: 70,
    });
  });

  it("stops at the first exchange that does not fit, even if an older one would", () => {
    const fit = fitContextWindow([u(1), a(1), u(60), a(30), u(20), a(20), u(30)], budget());
    expect(fit).toMatchObject({ fits: true, start: 4, promptTokens: 70 });
  });

  it("keeps a question whose reply left no text with the exchange before it", () => {
    // An assistant turn directly after another belongs to the same exchange.
    expect(fitContextWindow([u(10), a(10), a(10), u(10)], budget())).toMatchObject({ start: 0, promptTokens: 40 });
  });

  it("refuses a question that does not fit alone, naming its tokens and the limit", () => {
    expect(fitContextWindow([u(10), a(10), u(101)], budget())).toEqual({
      fits: false,
      requiredTokens: 101,
      limitTokens: 100,
    });
  });

  it("keeps an open answer (Continue) whole together with its question", () => {
    expect(fitContextWindow([u(30), a(30), u(40), a(50)], budget())).toMatchObject({ start: 2, promptTokens: 90 });
    expect(fitContextWindow([u(30), a(30), u(40), a(61)], budget())).toMatchObject({
      fits: false,
      requiredTokens: 101,
    });
  });

  it("always respects both limits and keeps the newest turns (property)", () => {
    const turnsArb = fc
      .array(fc.tuple(fc.integer({ min: 1, max: 400 }), fc.integer({ min: 1, max: 400 })), { maxLength: 40 })
      .chain((pairs) =>
        fc.tuple(fc.constant(pairs), fc.integer({ min: 1, max: 400 }), fc.option(fc.integer({ min: 1, max: 400 }))),
      );
    const budgetArb = fc
      .record({
        maxTotalTokens: fc.integer({ min: 64, max: 8192 }),
        inputShare: fc.double({ min: 0.3, max: 1, noNaN: true }),
        maxReplyTokens: fc.integer({ min: 1, max: 4096 }),
        minReplyTokens: fc.integer({ min: 1, max: 1024 }),
      })
      .map(({ inputShare, ...rest }) => ({
        ...rest,
        maxInputTokens: Math.max(1, Math.floor(rest.maxTotalTokens * inputShare)),
      }));
    fc.assert(
      fc.property(turnsArb, budgetArb, ([pairs, question, open], b) => {
        const turns: WindowTurn[] = [...pairs.flatMap(([q, r]) => [u(q), a(r)]), u(question)];
        if (open !== null) turns.push(a(open));
        const fit = fitContextWindow(turns, b);
        const tail = open === null ? question : question + open;
        if (!fit.fits) {
          expect(tail).toBeGreaterThan(promptTokenLimit(b));
          return;
        }
        const kept = turns.slice(fit.start);
        const sum = kept.reduce((total, turn) => total + turn.tokens, 0);
        expect(fit.promptTokens).toBe(sum);
        expect(sum).toBeLessThanOrEqual(b.maxInputTokens);
        expect(sum + fit.maxTokens).toBeLessThanOrEqual(b.maxTotalTokens);
        expect(fit.maxTokens).toBeGreaterThanOrEqual(Math.min(b.maxReplyTokens, b.minReplyTokens));
        expect(kept[0]?.role).toBe("user");
        // Maximal: the exchange before the window would not have fitted.
        if (fit.start > 0) {
          const before = (turns[fit.start - 1]?.tokens ?? 0) + (turns[fit.start - 2]?.tokens ?? 0);
          expect(sum + before).toBeGreaterThan(promptTokenLimit(b));
        }
      }),
      { numRuns: 2000 },
    );
  });
});

describe("assemblePrompt", () => {
  it("renders the kept turns with the official template, an open answer left open", () => {
    const turns = [
      { role: "user" as const, content: "Câu một", tokens: 60 },
      { role: "assistant" as const, content: "Đáp một", tokens: 60 },
      { role: "user" as const, content: "Câu hai", tokens: 10 },
      { role: "assistant" as const, content: "Đáp hai", tokens: 10 },
    ];
    const { fit, prompt } = assemblePrompt(turns, budget());
    expect(fit).toMatchObject({ fits: true, start: 2 });
    expect(prompt).toBe(
      buildPhoGptPrompt(
        [
          { role: "user", content: "Câu hai" },
          { role: "assistant", content: "Đáp hai" },
        ],
        { continueAssistant: true },
      ),
    );
    expect(assemblePrompt([{ role: "user", content: "x", tokens: 500 }], budget()).prompt).toBeNull();
  });
});
