// TGI's native routes: POST /generate, POST /generate_stream, and POST / (either, by `stream`).

import type { IncomingMessage, ServerResponse } from "node:http";
import {
  clientSignal,
  cutConnection,
  dropConnection,
  failEarly,
  prepare,
  run,
  type EmulatorContext,
} from "../engine.ts";
import { InferError } from "../errors.ts";
import type { EndInfo, TokenOut } from "../generation.ts";
import { readJson, sendJson } from "../http.ts";
import { compatGenerateRequestSchema, generateRequestSchema, type GenerateRequest } from "../schemas.ts";
import { SseStream } from "../sse.ts";
import type { TextTokenizer } from "../tokens.ts";
import { validateBestOf } from "../validation.ts";
import { COMPUTE_TYPE, type Route } from "./route.ts";

async function generateOnce(
  ctx: EmulatorContext,
  route: string,
  body: GenerateRequest,
  res: ServerResponse,
  wrapInArray: boolean,
): Promise<void> {
  const prepared = prepare(ctx, route, body);
  if (prepared.drop) return dropConnection(res, [prepared]);
  const bestOfError = checkBestOf(body.parameters.best_of, ctx);
  if (bestOfError) {
    failEarly(prepared.record, bestOfError);
    sendJson(res, bestOfError.status, bestOfError.toResponse());
    return;
  }
  const startedAt = performance.now();
  const outcome = await run(ctx, prepared, clientSignal(res), () => {});
  if (outcome.kind === "failed") {
    sendJson(res, outcome.error.status, outcome.error.toResponse());
    return;
  }
  if (outcome.kind === "closed") {
    cutConnection(res);
    return;
  }
  if (outcome.kind === "aborted") return;

  const response = generateResponse(ctx.tokenizer, body, outcome.end, outcome.tokens, outcome.valid?.inputIds ?? []);
  const totalMs = Math.round(performance.now() - startedAt);
  const { end } = outcome;
  sendJson(res, 200, wrapInArray ? [response] : response, {
    "x-compute-type": COMPUTE_TYPE,
    "x-compute-time": String(totalMs / 1000),
    "x-compute-characters": String([...body.inputs].length),
    "x-total-time": String(totalMs),
    "x-validation-time": "0",
    "x-queue-time": "0",
    "x-inference-time": String(totalMs),
    "x-time-per-token": String(Math.round(totalMs / Math.max(1, end.generatedTokens))),
    "x-prompt-tokens": String(end.inputLength),
    "x-generated-tokens": String(end.generatedTokens),
  });
}

/** best_of > 1 is checked before generation; the emulator then generates a single sequence. */
function checkBestOf(bestOf: number | null | undefined, ctx: EmulatorContext): InferError | null {
  if (bestOf == null || bestOf <= 1) return null;
  try {
    validateBestOf(bestOf, ctx.limits);
    return null;
  } catch (error) {
    if (error instanceof InferError) return error;
    throw error;
  }
}

function generateResponse(
  tokenizer: TextTokenizer,
  body: GenerateRequest,
  end: EndInfo,
  tokens: TokenOut[],
  inputIds: readonly number[],
) {
  const p = body.parameters;
  const withDetails = p.details || p.decoder_input_details;
  return {
    generated_text: (p.return_full_text ? body.inputs : "") + end.generatedText,
    ...(withDetails ? { details: detailsJson(tokenizer, end, tokens, p.decoder_input_details ? inputIds : null) } : {}),
  };
}

async function generateStream(
  ctx: EmulatorContext,
  route: string,
  body: GenerateRequest,
  res: ServerResponse,
): Promise<void> {
  const prepared = prepare(ctx, route, body);
  if (prepared.drop) return dropConnection(res, [prepared]);
  const p = body.parameters;
  const signal = clientSignal(res);
  // Errors arrive in-stream with HTTP 200 (TGI issue #2749).
  const sse = new SseStream(res, ctx.config.keepAliveMs, {
    "x-compute-type": COMPUTE_TYPE,
    "x-compute-characters": String([...body.inputs].length),
  });
  const early =
    (p.best_of ?? 1) !== 1
      ? InferError.validation("`best_of` != 1 is not supported when streaming tokens")
      : p.decoder_input_details
        ? InferError.validation("`decoder_input_details` == true is not supported when streaming tokens")
        : null;
  if (early) {
    failEarly(prepared.record, early);
    sse.send(early.toResponse());
    sse.end();
    return;
  }
  const outcome = await run(ctx, prepared, signal, (token, index, end) => {
    sse.send(streamEvent(token, index, end, p.details, p.return_full_text ? body.inputs : ""));
  });
  if (outcome.kind === "closed") {
    cutConnection(res);
    return;
  }
  if (outcome.kind === "failed") sse.send(outcome.error.toResponse());
  sse.end();
}

function streamEvent(token: TokenOut, index: number, end: EndInfo | null, details: boolean, prefix: string) {
  return {
    index,
    token: tokenJson(token),
    generated_text: end ? prefix + end.generatedText : null,
    details:
      end && details
        ? {
            finish_reason: end.finishReason,
            generated_tokens: end.generatedTokens,
            seed: end.seed,
            input_length: end.inputLength,
          }
        : null,
  };
}

function detailsJson(tokenizer: TextTokenizer, end: EndInfo, tokens: TokenOut[], prefillIds: readonly number[] | null) {
  return {
    finish_reason: end.finishReason,
    generated_tokens: end.generatedTokens,
    seed: end.seed,
    prefill: prefillIds ? prefillTokens(tokenizer, prefillIds) : [],
    tokens: tokens.map(tokenJson),
  };
}

function tokenJson(token: TokenOut) {
  return { id: token.id, text: token.text, logprob: token.logprob, special: token.special };
}

// TGI decodes each prompt token on its own here, so split characters show as U+FFFD.
function prefillTokens(tokenizer: TextTokenizer, ids: readonly number[]) {
  return ids.map((id, i) => ({
    id,
    text: new TextDecoder().decode(tokenizer.tokenBytes(id)),
    logprob: i === 0 ? null : -Math.round(((id % 97) / 97 + 0.05) * 10_000) / 10_000,
  }));
}

async function parseCompat(ctx: EmulatorContext, req: IncomingMessage) {
  const body = await readJson(req, compatGenerateRequestSchema, ctx.config.payloadLimit);
  // TGI defaults return_full_text from the model's pipeline tag; PhoGPT's is text-generation.
  body.parameters.return_full_text ??= true;
  return body;
}

export const generateRoutes: Route[] = [
  {
    method: "POST",
    path: "/generate",
    protected: true,
    handler: async (ctx, req, res) =>
      generateOnce(ctx, "/generate", await readJson(req, generateRequestSchema, ctx.config.payloadLimit), res, false),
  },
  {
    method: "POST",
    path: "/generate_stream",
    protected: true,
    handler: async (ctx, req, res) =>
      generateStream(ctx, "/generate_stream", await readJson(req, generateRequestSchema, ctx.config.payloadLimit), res),
  },
  {
    method: "POST",
    path: "/",
    protected: true,
    handler: async (ctx, req, res) => {
      const body = await parseCompat(ctx, req);
      if (body.stream) await generateStream(ctx, "/", body, res);
      else await generateOnce(ctx, "/", body, res, true);
    },
  },
];
