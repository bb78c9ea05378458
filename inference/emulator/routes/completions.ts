// POST /v1/completions: OpenAI-style completions, the route @huggingface/inference's textGenerationStream uses.

import type { ServerResponse } from "node:http";
import { MODEL_ID } from "../config.ts";
import {
  clientSignal,
  cutConnection,
  dropConnection,
  prepare,
  run,
  type EmulatorContext,
  type PreparedRequest,
  type RunOutcome,
} from "../engine.ts";
import type { EndInfo, FinishReason, TokenOut } from "../generation.ts";
import { readJson, sendJson } from "../http.ts";
import { completionRequestSchema, generateParametersSchema, type CompletionRequest } from "../schemas.ts";
import { SseStream } from "../sse.ts";
import { systemFingerprint } from "./info.ts";
import { COMPUTE_TYPE, type Route } from "./route.ts";

const ROUTE = "/v1/completions";

/** What TGI turns a completion request into: top_k dropped, details forced, greedy only at temperature 0. */
function toGenerateRequests(body: CompletionRequest) {
  const greedy = body.temperature === 0;
  const parameters = generateParametersSchema.parse({
    temperature: greedy ? null : body.temperature,
    repetition_penalty: body.repetition_penalty,
    frequency_penalty: body.frequency_penalty,
    top_p: body.top_p,
    do_sample: !greedy,
    max_new_tokens: body.max_tokens,
    stop: body.stop ?? [],
    details: true,
    decoder_input_details: !body.stream,
    seed: body.seed,
    adapter_id: body.model != null && body.model !== "tgi" ? body.model : null,
  });
  return body.prompt.map((inputs) => ({ inputs, parameters, add_special_tokens: true }));
}

const now = (): number => Math.floor(Date.now() / 1000);

function chunk(index: number, text: string, finishReason: string) {
  return {
    id: "",
    object: "text_completion",
    created: now(),
    model: MODEL_ID,
    system_fingerprint: systemFingerprint,
    choices: [{ index, text, logprobs: null, finish_reason: finishReason }],
  };
}

// The last chunk of a choice is a CompletionFinal: the last token's text (</s> at EOS), finish reason, usage.
function streamChunk(index: number, token: TokenOut, end: EndInfo | null) {
  if (!end) return chunk(index, token.text, "");
  return {
    ...chunk(index, token.text, end.finishReason),
    usage: {
      prompt_tokens: end.inputLength,
      completion_tokens: end.generatedTokens,
      total_tokens: end.inputLength + end.generatedTokens,
    },
  };
}

async function streamCompletions(
  ctx: EmulatorContext,
  prepared: PreparedRequest[],
  res: ServerResponse,
  characters: number,
) {
  const signal = clientSignal(res);
  const sse = new SseStream(res, ctx.config.keepAliveMs, {
    "x-compute-type": COMPUTE_TYPE,
    "x-compute-characters": String(characters),
  });
  const outcomes = await Promise.all(
    prepared.map(async (p, index) => {
      const outcome = await run(ctx, p, signal, (token, _i, end) => sse.send(streamChunk(index, token, end)));
      if (outcome.kind === "failed") sse.send(outcome.error.toOpenAiStreamEvent());
      if (outcome.kind === "closed") cutConnection(res);
      return outcome;
    }),
  );
  if (outcomes.some((o) => o.kind === "closed" || o.kind === "aborted")) return;
  // TGI ends the stream with [DONE] even after an in-stream error.
  sse.send("[DONE]");
  sse.end();
}

/** Non-streaming finish reasons go through TGI's `format(true)`: EOS becomes OpenAI's "stop". */
function openAiFinishReason(reason: FinishReason): string {
  return reason === "eos_token" ? "stop" : reason;
}

async function completeAll(ctx: EmulatorContext, prepared: PreparedRequest[], res: ServerResponse, characters: number) {
  const signal = clientSignal(res);
  const startedAt = performance.now();
  const outcomes: RunOutcome[] = await Promise.all(prepared.map((p) => run(ctx, p, signal, () => {})));
  if (outcomes.some((o) => o.kind === "closed")) {
    cutConnection(res);
    return;
  }
  if (outcomes.some((o) => o.kind === "aborted")) return;
  const failed = outcomes.find((o) => o.kind === "failed");
  if (failed) {
    sendJson(res, failed.error.status, failed.error.toResponse());
    return;
  }
  const ends = outcomes.flatMap((o) => (o.kind === "finished" ? [o.end] : []));
  const promptTokens = ends.reduce((n, e) => n + e.inputLength, 0);
  const completionTokens = ends.reduce((n, e) => n + e.generatedTokens, 0);
  const totalMs = Math.round(performance.now() - startedAt);
  sendJson(
    res,
    200,
    {
      id: "",
      object: "text_completion",
      created: now(),
      model: MODEL_ID,
      system_fingerprint: systemFingerprint,
      choices: ends.map((end, index) => ({
        index,
        text: end.generatedText,
        logprobs: null,
        finish_reason: openAiFinishReason(end.finishReason),
      })),
      usage: {
        prompt_tokens: promptTokens,
        completion_tokens: completionTokens,
        total_tokens: promptTokens + completionTokens,
      },
    },
    {
      "x-compute-type": COMPUTE_TYPE,
      "x-compute-characters": String(characters),
      "x-total-time": String(totalMs),
      "x-prompt-tokens": String(promptTokens),
      "x-generated-tokens": String(completionTokens),
    },
  );
}

export const completionsRoute: Route = {
  method: "POST",
  path: ROUTE,
  protected: true,
  handler: async (ctx, req, res) => {
    const body = await readJson(req, completionRequestSchema, ctx.config.payloadLimit);
    if (body.suffix != null) {
      sendJson(res, 422, {
        error: "Suffix is not supported and can be achieved by preprocessing the prompt.",
        error_type: "suffix not supported",
      });
      return;
    }
    if (body.prompt.length > ctx.config.maxClientBatchSize) {
      sendJson(res, 422, {
        error: `Number of prompts exceeds the maximum allowed batch size of ${ctx.config.maxClientBatchSize}`,
        error_type: "batch size exceeded",
      });
      return;
    }
    const prepared = toGenerateRequests(body).map((request) => prepare(ctx, ROUTE, request));
    if (prepared.some((p) => p.drop)) return dropConnection(res, prepared);
    const characters = body.prompt.reduce((n, prompt) => n + [...prompt].length, 0);
    if (body.stream) await streamCompletions(ctx, prepared, res, characters);
    else await completeAll(ctx, prepared, res, characters);
  },
};
