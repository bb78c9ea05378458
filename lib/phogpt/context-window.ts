import { buildPhoGptPrompt } from "./prompt.ts";

// Which turns of a thread fit PhoGPT's context window. Pure and synchronous: the token counts
// come in with the turns (each turn's fragment, counted once and stored, see turn-fragment.ts),
// so fitting a long thread is one pass over numbers. (Imports name their .ts file so that bench/
// can load this module with Node's own type stripping.)
//
// Rules: the tail (the new question, or for Continue the question and its open answer) is kept
// whole or the request is refused; earlier turns are added newest first while they fit, a
// question together with its answer; the first one that does not fit ends the window, so the
// kept turns are always the newest ones. Room for a reply of at least `minReplyTokens` (or the
// whole reply asked for, if shorter) is kept, and the reply gets what is left, up to the length asked for.

export interface WindowLimits {
  /** The server's max_input_tokens: prompt tokens must not exceed it. */
  maxInputTokens: number;
  /** The server's max_total_tokens: prompt tokens + max_tokens must not exceed it. */
  maxTotalTokens: number;
}

export interface WindowBudget extends WindowLimits {
  /** The longest reply asked for (max_tokens before shrinking). */
  maxReplyTokens: number;
  /** The shortest reply the window keeps room for. */
  minReplyTokens: number;
}

export interface WindowTurn {
  role: "user" | "assistant";
  /** Upper bound of the turn's tokens in the prompt (its fragment's count). */
  tokens: number;
}

export type WindowFit =
  | { fits: true; start: number; promptTokens: number; maxTokens: number }
  | { fits: false; requiredTokens: number; limitTokens: number };

/** The most prompt tokens a request may carry under `budget`. */
export function promptTokenLimit(budget: WindowBudget): number {
  const reserve = Math.max(1, Math.min(budget.maxReplyTokens, budget.minReplyTokens));
  return Math.max(0, Math.min(budget.maxInputTokens, budget.maxTotalTokens - reserve));
}

/** Index of the first turn that must be kept whole: the last question, with its open answer if any. */
export function tailStart(turns: readonly WindowTurn[]): number {
  const last = turns.length - 1;
  return turns[last]?.role === "assistant" && turns[last - 1]?.role === "user" ? last - 1 : last;
}

export function fitContextWindow(turns: readonly WindowTurn[], budget: WindowBudget): WindowFit {
  if (turns.length === 0) throw new Error("fitContextWindow needs at least one turn");
  const limit = promptTokenLimit(budget);
  let start = tailStart(turns);
  let used = 0;
  for (let i = start; i < turns.length; i++) used += turns[i]?.tokens ?? 0;
  if (used > limit) return { fits: false, requiredTokens: used, limitTokens: limit };

  while (start > 0) {
    // One earlier exchange: back to (and including) its question.
    let unitStart = start - 1;
    let cost = turns[unitStart]?.tokens ?? 0;
    while (unitStart > 0 && turns[unitStart]?.role !== "user") {
      unitStart--;
      cost += turns[unitStart]?.tokens ?? 0;
    }
    if (used + cost > limit) break;
    used += cost;
    start = unitStart;
  }
  const maxTokens = Math.min(budget.maxReplyTokens, budget.maxTotalTokens - used);
  return { fits: true, start, promptTokens: used, maxTokens };
}

export interface AssemblyTurn extends WindowTurn {
  content: string;
}

/**
 * Fits the window and renders the prompt the model receives for it (what the chat path does for
 * every reply, counts cached); `prompt` is null when the tail alone does not fit.
 */
export function assemblePrompt(
  turns: readonly AssemblyTurn[],
  budget: WindowBudget,
): { fit: WindowFit; prompt: string | null } {
  const fit = fitContextWindow(turns, budget);
  if (!fit.fits) return { fit, prompt: null };
  const kept = turns.slice(fit.start);
  return { fit, prompt: buildPhoGptPrompt(kept, { continueAssistant: kept.at(-1)?.role === "assistant" }) };
}
