// TGI's request validation (router/src/validation.rs): same checks, same order, same messages.

import { InferError } from "./errors.ts";
import type { GenerateParameters, GenerateRequest } from "./schemas.ts";
import type { TextTokenizer } from "./tokens.ts";

export interface Limits {
  maxInputTokens: number;
  maxTotalTokens: number;
  maxStopSequences: number;
  maxBestOf: number;
  maxTopNTokens: number;
}

export interface ValidRequest {
  inputs: string;
  inputIds: number[];
  inputLength: number;
  maxNewTokens: number;
  stop: string[];
  /** TGI reports a seed only when it samples. */
  seed: number | null;
}

/** TGI's DEFAULT_GENERATION_LENGTH: the re-queue step when no max_new_tokens is given. */
const DEFAULT_GENERATION_LENGTH = 1024;

const fail = (detail: string): InferError => InferError.validation(detail);

/** `best_of` checks that run before validation on the non-streaming route. */
export function validateBestOf(bestOf: number, limits: Limits): void {
  if (limits.maxBestOf === 1 && bestOf !== 1) throw fail("`best_of` != 1 is not allowed for this endpoint");
  if (bestOf > limits.maxBestOf) throw fail(`\`best_of\` must be > 0 and <= ${limits.maxBestOf}. Given: ${bestOf}`);
}

export function validateRequest(
  request: GenerateRequest,
  limits: Limits,
  tokenizer: TextTokenizer,
  randomSeed: number,
): ValidRequest {
  const p = request.parameters;
  checkSampling(p);
  checkLimits(p, limits);
  if (request.inputs === "") throw fail("`inputs` cannot be empty");
  if (p.truncate != null && (p.truncate === 0 || p.truncate > limits.maxInputTokens)) {
    throw fail(`\`truncate\` must be strictly positive and less than ${limits.maxInputTokens}. Given: ${p.truncate}`);
  }
  const ids = tokenizer.encode(request.inputs);
  const inputLength = p.truncate != null ? Math.min(ids.length, p.truncate) : ids.length;
  return {
    inputs: request.inputs,
    inputIds: ids.slice(ids.length - inputLength),
    inputLength,
    maxNewTokens: checkLength(p.max_new_tokens ?? null, inputLength, limits),
    stop: p.stop,
    seed: samples(p) ? (p.seed ?? randomSeed) : null,
  };
}

function checkSampling(p: GenerateParameters): void {
  const bestOf = p.best_of ?? 1;
  const sampling = p.do_sample || p.temperature != null || p.top_k != null || p.top_p != null || p.typical_p != null;
  if (bestOf > 1 && !sampling) throw fail("you must use sampling when `best_of` is > 1");
  if ((p.temperature ?? 1) <= 0) throw fail("`temperature` must be strictly positive");
  if ((p.repetition_penalty ?? 1) <= 0) throw fail("`repetition_penalty` must be strictly positive");
  const frequencyPenalty = p.frequency_penalty ?? 0;
  if (frequencyPenalty < -2 || frequencyPenalty > 2) throw fail("`frequency_penalty` must be >= -2.0 and <= 2.0");
  checkWarpers(p);
}

function checkWarpers(p: GenerateParameters): void {
  if (p.top_p != null && (p.top_p <= 0 || p.top_p >= 1)) throw fail("`top_p` must be > 0.0 and < 1.0");
  if (p.typical_p != null && (p.typical_p <= 0 || p.typical_p >= 1)) {
    throw fail("`typical_p` must be > 0.0 and < 1.0");
  }
  if (p.top_k != null && p.top_k <= 0) throw fail("`top_k` must be strictly positive");
}

function checkLimits(p: GenerateParameters, limits: Limits): void {
  if (p.max_new_tokens === 0) throw fail("`max_new_tokens` must be strictly positive");
  if (p.stop.length > limits.maxStopSequences) {
    throw fail(`\`stop\` supports up to ${limits.maxStopSequences} stop sequences. Given: ${p.stop.length}`);
  }
  if (p.seed != null && (p.best_of ?? 1) > 1) throw fail("`seed` must not be set when `best_of` > 1");
  if (p.top_n_tokens != null && p.top_n_tokens > limits.maxTopNTokens) {
    throw fail(`\`top_n_tokens\` must be >= 0 and <= ${limits.maxTopNTokens}. Given: ${p.top_n_tokens}`);
  }
}

/** The token budget checks, total before input as in TGI; returns how many tokens may be generated. */
function checkLength(maxNewTokens: number | null, inputLength: number, limits: Limits): number {
  // Without max_new_tokens TGI may generate up to the context end, re-queueing every 1024 tokens.
  const maxTotalNewTokens = Math.max(0, limits.maxTotalTokens - inputLength);
  const checkedNewTokens = maxNewTokens ?? Math.min(maxTotalNewTokens, DEFAULT_GENERATION_LENGTH);
  if (inputLength + checkedNewTokens > limits.maxTotalTokens) {
    throw fail(
      `\`inputs\` tokens + \`max_new_tokens\` must be <= ${limits.maxTotalTokens}. ` +
        `Given: ${inputLength} \`inputs\` tokens and ${checkedNewTokens} \`max_new_tokens\``,
    );
  }
  if (inputLength > limits.maxInputTokens) {
    throw fail(`\`inputs\` must have less than ${limits.maxInputTokens} tokens. Given: ${inputLength}`);
  }
  return maxNewTokens ?? maxTotalNewTokens;
}

/** Python's NextTokenChooser samples when asked to, or when any warper is active; only then is a seed reported. */
function samples(p: GenerateParameters): boolean {
  return (
    p.do_sample || (p.temperature ?? 1) !== 1 || (p.top_k ?? 0) !== 0 || (p.top_p ?? 1) < 1 || (p.typical_p ?? 1) < 1
  );
}
