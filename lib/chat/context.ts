import "server-only";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { modelServerLimits, type TokenLimits } from "@/lib/model-server";
import { fitContextWindow, promptTokenLimit, type WindowBudget, type WindowLimits } from "@/lib/phogpt/context-window";
import type { GenerationSettings } from "@/lib/phogpt/generation-settings";
import type { ChatTurn } from "./prompt-history";
import { tokenCounter, type TokenCounter } from "./token-counter";
import { boundedTurns, countTurns, type CountableTurn, type CountedTurn } from "./token-counts";

// The context window of one reply: which turns the model reads and how long it may answer,
// within the server's limits (GET /info) and the user's settings.

export interface ReplyWindow {
  /** Every turn the prompt could hold, oldest first, with token counts. */
  candidates: CountedTurn[];
  budget: WindowBudget;
  /** Index of the first candidate sent. */
  start: number;
  promptTokens: number;
  /** max_tokens of the request: the reply length asked for, shrunk to what the context has left. */
  maxTokens: number;
}

export interface ContextDeps {
  limits(): Promise<TokenLimits>;
  counter: TokenCounter;
  minReplyTokens: number;
}

/** How long a reply waits for /info before assuming PhoGPT's 8,192 tokens (its answer is cached for the next). */
const LIMITS_WAIT_MS = 3_000;

export function contextDeps(): ContextDeps {
  return {
    limits: () => modelServerLimits(LIMITS_WAIT_MS),
    counter: tokenCounter(),
    minReplyTokens: env().CONTEXT_MIN_REPLY_TOKENS,
  };
}

export function replyBudget(limits: WindowLimits, settings: GenerationSettings, minReplyTokens: number): WindowBudget {
  return {
    maxInputTokens: limits.maxInputTokens,
    maxTotalTokens: limits.maxTotalTokens,
    maxReplyTokens: settings.maxReplyTokens,
    minReplyTokens,
  };
}

/**
 * Counts what is needed and fits the window. Throws `context_too_long` when the new question
 * (or, for Continue, the question with its open answer) does not fit on its own.
 */
export async function planReplyWindow(
  turns: readonly CountableTurn[],
  budget: WindowBudget,
  counter: TokenCounter,
): Promise<ReplyWindow> {
  const bounded = boundedTurns(turns);
  const candidates = fitsUncounted(bounded, budget)
    ? bounded
    : await countTurns(turns, promptTokenLimit(budget), counter);
  const fit = fitContextWindow(candidates, budget);
  if (!fit.fits) throw contextTooLong(candidates, fit);
  return { candidates, budget, start: fit.start, promptTokens: fit.promptTokens, maxTokens: fit.maxTokens };
}

/**
 * A thread that fits with every uncounted turn at its upper bound, the reply keeping its whole
 * allowance, gets the same window from exact counts: the model server is not asked (each count is
 * a request); its turns are counted once a prompt needs them, and kept.
 */
function fitsUncounted(turns: readonly CountedTurn[], budget: WindowBudget): boolean {
  const total = turns.reduce((sum, turn) => sum + turn.tokens, 0);
  return total <= Math.min(promptTokenLimit(budget), budget.maxTotalTokens - budget.maxReplyTokens);
}

/** The window under other limits (tighter ones after a rejection), or null when the tail no longer fits. */
export function refitWindow(window: ReplyWindow, limits: WindowLimits): ReplyWindow | null {
  const budget = { ...window.budget, ...limits };
  const fit = fitContextWindow(window.candidates, budget);
  if (!fit.fits) return null;
  return { ...window, budget, start: fit.start, promptTokens: fit.promptTokens, maxTokens: fit.maxTokens };
}

export function windowTurns(window: ReplyWindow): ChatTurn[] {
  return window.candidates.slice(window.start).map(({ role, content }) => ({ role, content }));
}

/** The first message the model reads when earlier ones were left out, else null (everything fits). */
export function contextStartId(window: ReplyWindow): string | null {
  return window.start > 0 ? (window.candidates[window.start]?.id ?? null) : null;
}

function contextTooLong(
  candidates: readonly CountedTurn[],
  { requiredTokens, limitTokens }: { requiredTokens: number; limitTokens: number },
): AppError {
  const details = { tokens: requiredTokens, limit: limitTokens };
  if (candidates.at(-1)?.role === "assistant") {
    return new AppError(
      "context_too_long",
      `This reply and its question are ${requiredTokens} tokens long; the model's context has room for ${limitTokens}, so it cannot be continued.`,
      undefined,
      details,
    );
  }
  return new AppError(
    "context_too_long",
    `This message is ${requiredTokens} tokens long; the model's context has room for ${limitTokens}. Shorten it and send it again.`,
    { text: "context_too_long" },
    details,
  );
}
