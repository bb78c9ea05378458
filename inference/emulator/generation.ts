// The token loop: paces planned tokens, applies TGI's stopping criteria in TGI's order, injects faults.

import { setImmediate as nextTick, setTimeout as sleep } from "node:timers/promises";
import { InferError } from "./errors.ts";
import { faultBeforeToken, type GenerationFaults } from "./faults.ts";
import { seededRandom } from "./reply.ts";
import { decodeTokens, IncrementalDecoder, type TextTokenizer } from "./tokens.ts";
import type { ValidRequest } from "./validation.ts";

export type FinishReason = "length" | "eos_token" | "stop_sequence";

export interface TokenOut {
  id: number;
  text: string;
  logprob: number;
  special: boolean;
}

export interface EndInfo {
  finishReason: FinishReason;
  generatedText: string;
  generatedTokens: number;
  inputLength: number;
  seed: number | null;
}

export type GenerationOutcome =
  | { kind: "finished"; end: EndInfo; tokens: TokenOut[] }
  | { kind: "failed"; error: InferError; tokens: TokenOut[] }
  /** The caller must destroy the socket: the close-after fault. */
  | { kind: "closed"; tokens: TokenOut[] }
  /** The client went away (or the server is closing); nothing more may be written. */
  | { kind: "aborted"; tokens: TokenOut[] };

export interface GenerationInput {
  tokenizer: TextTokenizer;
  valid: ValidRequest;
  /** Planned token ids, EOS last. */
  plan: readonly number[];
  tokensPerSecond: number;
  faults: GenerationFaults;
  signal: AbortSignal;
  seed: number;
}

export type TokenListener = (token: TokenOut, index: number, end: EndInfo | null) => void;

// TGI trims the text it matches stop sequences against (server/text_generation_server/utils/tokens.py).
const STOP_WINDOW_MAX = 300;
const STOP_WINDOW_KEEP = 200;

/** Python's `re.search(re.escape(stop) + "$", text)`: `$` also matches before one final newline. */
function endsWithStop(text: string, stop: string): boolean {
  return text.endsWith(stop) || text.endsWith(`${stop}\n`);
}

export async function generate(input: GenerationInput, onToken: TokenListener): Promise<GenerationOutcome> {
  const { tokenizer, valid, plan, faults, signal } = input;
  const decoder = new IncrementalDecoder(tokenizer);
  const random = seededRandom(input.seed);
  const interval = input.tokensPerSecond > 0 ? 1000 / input.tokensPerSecond : 0;
  const startedAt = performance.now();
  const tokens: TokenOut[] = [];
  const ids: number[] = [];
  let window = "";

  for (let i = 0; i < plan.length; i++) {
    const fault = faultBeforeToken(faults, i);
    if (fault === "fail") {
      return { kind: "failed", error: InferError.generation("emulated fault (the model crashed)"), tokens };
    }
    if (fault === "close") return { kind: "closed", tokens };
    if (fault === "stall") {
      await untilAborted(signal);
      return { kind: "aborted", tokens };
    }
    if (!(await pace(startedAt + (i + 1) * interval, interval, signal))) return { kind: "aborted", tokens };

    const id = plan[i] ?? tokenizer.eosId;
    const token: TokenOut = {
      id,
      text: decoder.next(id),
      logprob: -Math.round((0.01 + random() * 2.5) * 10_000) / 10_000,
      special: tokenizer.isSpecial(id),
    };
    tokens.push(token);
    ids.push(id);

    const generated = i + 1;
    let finishReason: FinishReason | null = null;
    if (generated >= valid.maxNewTokens) finishReason = "length";
    else if (id === tokenizer.eosId) finishReason = "eos_token";
    else if (valid.stop.length > 0) {
      window += token.text;
      if (window.length > STOP_WINDOW_MAX) window = window.slice(-STOP_WINDOW_KEEP);
      if (valid.stop.some((stop) => endsWithStop(window, stop))) finishReason = "stop_sequence";
    }
    if (finishReason !== null) {
      const end: EndInfo = {
        finishReason,
        generatedText: decodeTokens(tokenizer, ids),
        generatedTokens: generated,
        inputLength: valid.inputLength,
        seed: valid.seed,
      };
      onToken(token, generated, end);
      return { kind: "finished", end, tokens };
    }
    onToken(token, generated, null);
  }
  // Unreachable while plans end with EOS; TGI reports a stream that ends early as incomplete.
  return { kind: "failed", error: InferError.incomplete(), tokens };
}

/** Waits until `at` (ms, performance clock); false if aborted meanwhile. */
async function pace(at: number, interval: number, signal: AbortSignal): Promise<boolean> {
  if (signal.aborted) return false;
  try {
    if (interval === 0) await nextTick(undefined, { signal });
    else await sleep(Math.max(0, at - performance.now()), undefined, { signal });
  } catch {
    // The only rejection is the abort itself.
    return false;
  }
  return !signal.aborted;
}

function untilAborted(signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve) => signal.addEventListener("abort", () => resolve(), { once: true }));
}
