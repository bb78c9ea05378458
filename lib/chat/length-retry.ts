import type { LanguageModelV4, LanguageModelV4CallOptions } from "@ai-sdk/provider";
import { ModelServerError } from "@/lib/model-server/errors";
import type { WindowLimits } from "@/lib/phogpt/context-window";
import { refitWindow, windowTurns, type ReplyWindow } from "./context";
import { modelPrompt } from "./reply-call";

// A server may still refuse a prompt as too long: its tokenizer counts differently, or it was
// restarted with smaller limits than the cached /info said. Before any text was streamed (the
// language model rejects doStream then), the window is fitted again under limits taken from the
// counts in the error and the request is sent once more; a second refusal is surfaced.

type LengthRejection = ModelServerError & { inputTokens: number; limit: number };

export function isLengthRejection(error: unknown): error is LengthRejection {
  return (
    error instanceof ModelServerError &&
    error.kind === "validation" &&
    error.inputTokens !== undefined &&
    error.limit !== undefined
  );
}

/**
 * Limits under which the refused request would have fitted with room to spare: the smallest of
 * the window's limits, the server's /info read afresh (`current`, when it answers) and the limit
 * the error names; less the tokens the server counted beyond our estimate (`drift`, taken as
 * absolute although a smaller prompt drifts less) and a margin for that estimate. A rejection of
 * the total names only max_total_tokens: the fresh /info is what tells a smaller max_input_tokens.
 */
export function tighterLimits(window: ReplyWindow, error: LengthRejection, current?: WindowLimits): WindowLimits {
  const drift = Math.max(0, error.inputTokens - window.promptTokens);
  const margin = Math.max(16, Math.ceil(error.limit * 0.02));
  const totalRejected = error.maxNewTokens !== undefined;
  const maxTotal = Math.min(
    window.budget.maxTotalTokens,
    current?.maxTotalTokens ?? Infinity,
    totalRejected ? error.limit : Infinity,
  );
  const maxInput = Math.min(window.budget.maxInputTokens, current?.maxInputTokens ?? Infinity, error.limit, maxTotal);
  return { maxInputTokens: maxInput - drift - margin, maxTotalTokens: maxTotal - drift - margin };
}

export interface LengthRetryHooks {
  /** A length rejection arrived (the cached limits may be stale). */
  onRejected?: (error: LengthRejection) => void;
  /** The server's limits read afresh after a rejection, when it can tell them. */
  currentLimits?: () => Promise<WindowLimits | undefined>;
  /** The window the retry uses. */
  onRefit?: (window: ReplyWindow) => void;
}

export function withLengthRetry(
  model: LanguageModelV4,
  initial: ReplyWindow,
  hooks: LengthRetryHooks = {},
): LanguageModelV4 {
  let retried = false;
  const retryCall = async (
    error: unknown,
    call: LanguageModelV4CallOptions,
  ): Promise<LanguageModelV4CallOptions | undefined> => {
    if (retried || !isLengthRejection(error)) return undefined;
    retried = true;
    hooks.onRejected?.(error);
    const current = await hooks.currentLimits?.().catch(() => undefined);
    const window = refitWindow(initial, tighterLimits(initial, error, current));
    if (!window) return undefined;
    hooks.onRefit?.(window);
    return { ...call, prompt: modelPrompt(windowTurns(window)), maxOutputTokens: window.maxTokens };
  };
  const withRetry =
    <Result>(method: (call: LanguageModelV4CallOptions) => PromiseLike<Result>) =>
    async (call: LanguageModelV4CallOptions): Promise<Result> => {
      try {
        return await method(call);
      } catch (error) {
        const retry = await retryCall(error, call);
        if (!retry) throw error;
        return method(retry);
      }
    };
  return {
    specificationVersion: model.specificationVersion,
    provider: model.provider,
    modelId: model.modelId,
    supportedUrls: model.supportedUrls,
    doStream: withRetry((call) => model.doStream(call)),
    doGenerate: withRetry((call) => model.doGenerate(call)),
  };
}
