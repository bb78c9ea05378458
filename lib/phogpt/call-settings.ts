import { InvalidArgumentError, type LanguageModelV4CallOptions, type SharedV4Warning } from "@ai-sdk/provider";
import type { CompletionRequest } from "@/lib/model-server/types";
import { convertToPhoGptPrompt } from "./convert-prompt";
import { VINAI_GENERATION_SETTINGS } from "./generation-settings";
import { TURN_STOP } from "./prompt";

// AI SDK call options → one completion request for the model server.

export interface PhoGptDefaults {
  maxOutputTokens?: number;
  temperature?: number;
  topP?: number;
  topK?: number;
  repetitionPenalty?: number;
}

/** `providerOptions.phogpt` of a call. */
export interface PhoGptProviderOptions {
  repetitionPenalty?: number;
}

/** VinAI's README settings for PhoGPT-4B-Chat. */
export const VINAI_DEFAULTS = {
  maxOutputTokens: VINAI_GENERATION_SETTINGS.maxReplyTokens,
  temperature: VINAI_GENERATION_SETTINGS.temperature,
  topP: VINAI_GENERATION_SETTINGS.topP,
  topK: VINAI_GENERATION_SETTINGS.topK,
} as const;
/** TGI's default `max_stop_sequences`. */
export const MAX_SERVER_STOPS = 4;

export interface PreparedCall {
  request: CompletionRequest;
  /** The prompt ends with an open assistant turn (no leading space to strip from the reply). */
  continuing: boolean;
  /** Every stop string to cut the text at; only the first MAX_SERVER_STOPS also go to the server. */
  stopStrings: string[];
  warnings: SharedV4Warning[];
}

export function prepareCall(call: LanguageModelV4CallOptions, defaults: PhoGptDefaults = {}): PreparedCall {
  const { prompt, continuing, warnings } = convertToPhoGptPrompt(call.prompt);
  warnings.push(...unsupportedSettings(call));

  const stopStrings = [...new Set([TURN_STOP, ...(call.stopSequences ?? [])].filter((s) => s !== ""))];
  if (stopStrings.length > MAX_SERVER_STOPS) {
    warnings.push({
      type: "other",
      message: `The model server takes at most ${MAX_SERVER_STOPS} stop sequences (one is "${TURN_STOP.trim()}"); the others only cut the text.`,
    });
  }

  const settings = { ...VINAI_DEFAULTS, ...defaults };
  const repetitionPenalty = readRepetitionPenalty(call.providerOptions?.phogpt) ?? settings.repetitionPenalty;
  const topP = call.topP ?? settings.topP;
  const request: CompletionRequest = {
    prompt,
    maxTokens: call.maxOutputTokens ?? settings.maxOutputTokens,
    temperature: call.temperature ?? settings.temperature,
    // top_p 1 keeps every token, which is what no top_p means; TGI rejects 1.0 itself.
    ...(topP >= 1 ? {} : { topP }),
    // Sent although TGI's /v1/completions ignores it: vLLM and llama.cpp apply it.
    topK: call.topK ?? settings.topK,
    stop: stopStrings.slice(0, MAX_SERVER_STOPS),
    ...(repetitionPenalty === undefined ? {} : { repetitionPenalty }),
    ...(call.seed === undefined ? {} : { seed: call.seed }),
  };
  return { request, continuing, stopStrings, warnings };
}

function unsupportedSettings(call: LanguageModelV4CallOptions): SharedV4Warning[] {
  const warnings: SharedV4Warning[] = [];
  // The AI SDK always sends a toolChoice; only tools themselves are worth a warning.
  const ignored = {
    presencePenalty: call.presencePenalty,
    frequencyPenalty: call.frequencyPenalty,
    tools: call.tools?.length ? call.tools : undefined,
    responseFormat: call.responseFormat?.type === "json" ? call.responseFormat : undefined,
  };
  for (const [feature, value] of Object.entries(ignored)) {
    if (value !== undefined) warnings.push({ type: "unsupported", feature });
  }
  return warnings;
}

function readRepetitionPenalty(options: Record<string, unknown> | undefined): number | undefined {
  const penalty = options?.repetitionPenalty;
  if (penalty === undefined) return undefined;
  if (typeof penalty !== "number" || !(penalty > 0)) {
    throw new InvalidArgumentError({
      argument: "providerOptions.phogpt.repetitionPenalty",
      message: "must be a positive number",
    });
  }
  return penalty;
}
