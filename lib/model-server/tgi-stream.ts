import { ModelServerError } from "./errors";
import type { CompletionFinishReason, CompletionUsage } from "./types";

// @huggingface/inference 4.13.x types its stream as TGI's native {token:{text}} events, but with
// an endpointUrl it posts to /v1/completions and yields OpenAI completion chunks. Parse what
// arrives: OpenAI chunks, and native events too in case a client version switches back.

export interface ParsedChunk {
  text: string;
  finish?: CompletionFinishReason;
  usage?: CompletionUsage;
}

const FINISH_REASONS: Record<string, CompletionFinishReason> = {
  stop_sequence: "stop",
  eos_token: "eos",
  length: "length",
  // OpenAI-compatible servers other than TGI (vLLM, llama.cpp) say "stop" for both.
  stop: "stop",
};

export function parseCompletionChunk(data: unknown): ParsedChunk {
  if (!isObject(data)) throw badChunk(data);
  if (Array.isArray(data.choices)) return parseOpenAiChunk(data);
  if (isObject(data.token)) return parseNativeEvent(data);
  throw badChunk(data);
}

function parseOpenAiChunk(data: Record<string, unknown>): ParsedChunk {
  const choice: unknown = (data.choices as unknown[])[0];
  if (!isObject(choice) || typeof choice.text !== "string") throw badChunk(data);
  const raw = choice.finish_reason;
  const finish = raw === "" || raw === null || raw === undefined ? undefined : finishReason(raw);
  const usage = isObject(data.usage)
    ? { promptTokens: count(data.usage.prompt_tokens), completionTokens: count(data.usage.completion_tokens) }
    : undefined;
  // TGI's last chunk carries the last token's text; at EOS that token is the EOS token ("</s>").
  const text = finish === "eos" ? "" : choice.text;
  return { text, ...(finish ? { finish } : {}), ...(usage ? { usage } : {}) };
}

function parseNativeEvent(data: Record<string, unknown>): ParsedChunk {
  const token = data.token as Record<string, unknown>;
  const text = token.special === true || typeof token.text !== "string" ? "" : token.text;
  if (data.generated_text === null || data.generated_text === undefined) return { text };
  const details = isObject(data.details) ? data.details : undefined;
  // The last event: without `details` TGI does not say why it stopped; eos is the usual reason.
  const finish = details?.finish_reason === undefined ? "eos" : finishReason(details.finish_reason);
  const completionTokens = count(details?.generated_tokens);
  return { text, finish, ...(completionTokens === undefined ? {} : { usage: { completionTokens } }) };
}

function finishReason(raw: unknown): CompletionFinishReason {
  const reason = typeof raw === "string" ? FINISH_REASONS[raw] : undefined;
  if (!reason)
    throw new ModelServerError("bad_response", `Unknown finish reason from the model server: ${JSON.stringify(raw)}`);
  return reason;
}

function count(value: unknown): number | undefined {
  return typeof value === "number" && Number.isFinite(value) ? value : undefined;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null;
}

function badChunk(data: unknown): ModelServerError {
  return new ModelServerError(
    "bad_response",
    `Unexpected stream event from the model server: ${JSON.stringify(data)?.slice(0, 200)}`,
  );
}
