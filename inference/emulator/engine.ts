// One generation as TGI's Infer runs it: take a slot, validate, generate; shared by every generation route.

import type { ServerResponse } from "node:http";
import type { ResolvedConfig } from "./config.ts";
import { InferError } from "./errors.ts";
import type { FaultSet, GenerationFaults } from "./faults.ts";
import { generate, type GenerationOutcome, type TokenListener } from "./generation.ts";
import { parseMarkers, type Markers } from "./markers.ts";
import { parsePrompt, type ParsedPrompt } from "./prompt.ts";
import { planReply, promptChecksum } from "./reply.ts";
import type { GenerateRequest } from "./schemas.ts";
import type { RequestLog, RequestRecord, SentToken, Slots } from "./state.ts";
import type { TextTokenizer } from "./tokens.ts";
import { validateRequest, type Limits, type ValidRequest } from "./validation.ts";

export interface EmulatorContext {
  readonly config: ResolvedConfig;
  readonly tokenizer: TextTokenizer;
  readonly slots: Slots;
  readonly log: RequestLog;
  readonly limits: Limits;
  /** Run-level faults; replaced as a whole by the control route. */
  faults(): FaultSet;
  /** Aborted when the emulator closes, ending every generation. */
  readonly shutdown: AbortSignal;
}

export interface PreparedRequest {
  request: GenerateRequest;
  record: RequestRecord;
  parsed: ParsedPrompt;
  markers: Markers;
  /** Destroy the socket without answering. */
  drop: boolean;
  faults: GenerationFaults;
  tokensPerSecond: number;
}

export type RunOutcome = GenerationOutcome & { valid: ValidRequest | null };

/** Reads the prompt's turns and markers and logs the request; nothing is reserved yet. */
export function prepare(ctx: EmulatorContext, route: string, request: GenerateRequest): PreparedRequest {
  const parsed = parsePrompt(request.inputs);
  const markers = parseMarkers(parsed.lastQuestion);
  const run = ctx.faults();
  const record = ctx.log.add({
    route,
    prompt: request.inputs,
    parameters: { ...request.parameters },
    questionCount: parsed.questions.length,
    lastQuestion: parsed.lastQuestion,
    markers: markers.found,
    unknownMarkers: markers.unknown,
  });
  return {
    request,
    record,
    parsed,
    markers,
    drop: markers.faults.dropRequests ?? false,
    faults: {
      failBeforeFirstToken: markers.faults.failBeforeFirstToken ?? run.failBeforeFirstToken,
      failAfterTokens: markers.faults.failAfterTokens ?? run.failAfterTokens,
      stallAfterTokens: markers.faults.stallAfterTokens ?? run.stallAfterTokens,
      closeAfterTokens: markers.faults.closeAfterTokens ?? run.closeAfterTokens,
    },
    tokensPerSecond: markers.rate ?? ctx.config.tokensPerSecond,
  };
}

export async function run(
  ctx: EmulatorContext,
  prepared: PreparedRequest,
  clientSignal: AbortSignal,
  onToken: TokenListener,
): Promise<RunOutcome> {
  const { record } = prepared;
  // TGI takes the concurrency permit before validating, so "overloaded" wins over validation errors.
  const permit = ctx.slots.tryAcquire();
  if (!permit) return failEarly(record, InferError.overloaded());
  try {
    const seed = Number.parseInt(promptChecksum(prepared.request.inputs), 16);
    let valid: ValidRequest;
    try {
      valid = validateRequest(prepared.request, ctx.limits, ctx.tokenizer, seed);
    } catch (error) {
      if (error instanceof InferError) return failEarly(record, error);
      throw error;
    }
    record.promptTokens = valid.inputLength;
    const plan = planReply(ctx.tokenizer, prepared.request.inputs, prepared.parsed, prepared.markers);
    const listener = ctx.config.recordTokenTimes ? timedListener(record, onToken) : onToken;
    const outcome = await generate(
      {
        tokenizer: ctx.tokenizer,
        valid,
        plan: plan.ids,
        tokensPerSecond: prepared.tokensPerSecond,
        faults: prepared.faults,
        signal: AbortSignal.any([clientSignal, ctx.shutdown]),
        seed,
      },
      listener,
    );
    recordOutcome(record, outcome);
    return { ...outcome, valid };
  } finally {
    permit.release();
  }
}

/** Stamps each token once the route has written it (a socket write goes out synchronously when it can). */
function timedListener(record: RequestRecord, onToken: TokenListener): TokenListener {
  const sent: SentToken[] = [];
  record.sentTokens = sent;
  return (token, index, end) => {
    onToken(token, index, end);
    sent.push({ text: token.text, at: performance.timeOrigin + performance.now() });
  };
}

/** An error before any token: logged, and returned in the shape `run` returns. */
export function failEarly(record: RequestRecord, error: InferError): RunOutcome {
  recordOutcome(record, { kind: "failed", error, tokens: [] });
  return { kind: "failed", error, tokens: [], valid: null };
}

function recordOutcome(record: RequestRecord, outcome: GenerationOutcome): void {
  record.generatedTokens = outcome.tokens.length;
  switch (outcome.kind) {
    case "finished":
      record.outcome = "finished";
      record.finishReason = outcome.end.finishReason;
      return;
    case "failed":
      record.outcome =
        outcome.error.kind === "validation"
          ? "validation_error"
          : outcome.error.kind === "overloaded"
            ? "overloaded"
            : "generation_error";
      record.error = outcome.error.message;
      return;
    case "closed":
      record.outcome = "closed";
      return;
    case "aborted":
      record.outcome = "aborted";
      return;
  }
}

/** Aborts when the client goes away before the response is complete. */
export function clientSignal(res: ServerResponse): AbortSignal {
  const controller = new AbortController();
  res.on("close", () => {
    if (!res.writableFinished) controller.abort();
  });
  return controller.signal;
}

/** Marks a request the emulator answered by destroying its socket. */
export function dropConnection(res: ServerResponse, prepared: PreparedRequest[]): void {
  for (const p of prepared) p.record.outcome = "dropped";
  res.socket?.destroy();
}

/** The close-after fault: what was already written still arrives, then the connection ends mid-response. */
export function cutConnection(res: ServerResponse): void {
  const socket = res.socket;
  if (!socket) return;
  socket.end(() => socket.destroy());
}
