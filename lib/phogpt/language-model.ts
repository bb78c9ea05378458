import {
  InvalidArgumentError,
  type LanguageModelV4,
  type LanguageModelV4CallOptions,
  type LanguageModelV4Content,
  type LanguageModelV4FinishReason,
  type LanguageModelV4GenerateResult,
  type LanguageModelV4StreamPart,
  type LanguageModelV4Usage,
  type SharedV4Warning,
} from "@ai-sdk/provider";
import type { CompletionEvent, CompletionFinishReason, CompletionRequest, CompletionUsage, ModelServer } from "@/lib/model-server/types";
import { createAnswerFilter } from "./answer-filter";
import { convertToPhoGptPrompt } from "./convert-prompt";
import { TURN_STOP } from "./prompt";

// PhoGPT-4B-Chat as an AI SDK 7 language model over a ModelServer.
//
// Errors: a failure before the first event (unreachable, unauthorized, validation, overloaded,
// timeout, generation failing at once) rejects doStream with the ModelServerError; a failure
// after it becomes an `error` part followed by a `finish` with unified "error". streamText turns
// both into an `error` part carrying the same ModelServerError and calls onError with it.
// An abort mid-stream closes the stream quietly (streamText reports it as its own `abort` part).

export interface PhoGptDefaults {
  maxOutputTokens?: number;
  temperature?: number;
  topP?: number;
  topK?: number;
  repetitionPenalty?: number;
}

export interface PhoGptLanguageModelOptions {
  server: ModelServer;
  modelId?: string;
  defaults?: PhoGptDefaults;
}

/** `providerOptions.phogpt` of a call. */
export interface PhoGptProviderOptions {
  repetitionPenalty?: number;
}

// VinAI's README settings for PhoGPT-4B-Chat.
const VINAI_DEFAULTS = { maxOutputTokens: 1024, temperature: 1.0, topP: 0.9, topK: 50 } as const;
/** TGI's default `max_stop_sequences`. */
const MAX_SERVER_STOPS = 4;

const RAW_FINISH: Record<CompletionFinishReason, string> = { stop: "stop_sequence", eos: "eos_token", length: "length" };

export function createPhoGptLanguageModel(options: PhoGptLanguageModelOptions): LanguageModelV4 {
  const { server } = options;
  const modelId = options.modelId ?? "vinai/PhoGPT-4B-Chat";
  const defaults = { ...VINAI_DEFAULTS, ...options.defaults };

  async function doStream(call: LanguageModelV4CallOptions) {
    const { request, continuing, stopStrings, warnings } = prepareCall(call, defaults);
    // Our own controller: the caller's abort, and a cancel of the returned stream, both end the request.
    const controller = new AbortController();
    const forwardAbort = () => controller.abort(call.abortSignal?.reason);
    if (call.abortSignal?.aborted) forwardAbort();
    call.abortSignal?.addEventListener("abort", forwardAbort, { once: true });
    const release = () => call.abortSignal?.removeEventListener("abort", forwardAbort);

    const events = server.complete(request, controller.signal)[Symbol.asyncIterator]();
    let first: IteratorResult<CompletionEvent>;
    try {
      // Failing before anything was generated rejects doStream (see the header comment).
      first = await events.next();
    } catch (error) {
      release();
      throw error;
    }

    const filter = createAnswerFilter({ stopStrings, stripLeadingSpace: !continuing });
    const textId = "0";
    let textStarted = false;
    let pending: IteratorResult<CompletionEvent> | undefined = first;

    const stream = new ReadableStream<LanguageModelV4StreamPart>({
      start(out) {
        out.enqueue({ type: "stream-start", warnings });
        out.enqueue({ type: "response-metadata", modelId, timestamp: new Date() });
      },
      async pull(out) {
        let enqueued = 0;
        const push = (part: LanguageModelV4StreamPart) => {
          out.enqueue(part);
          enqueued++;
        };
        const emitText = (text: string) => {
          if (text === "") return;
          if (!textStarted) push({ type: "text-start", id: textId });
          textStarted = true;
          push({ type: "text-delta", id: textId, delta: text });
        };
        const endText = () => {
          if (textStarted) push({ type: "text-end", id: textId });
          textStarted = false;
        };
        const close = () => {
          release();
          controller.abort();
          void events.return?.();
          out.close();
        };
        const finish = (finishReason: LanguageModelV4FinishReason, usage: CompletionUsage | undefined) => {
          endText();
          push({ type: "finish", finishReason, usage: toUsage(usage) });
          close();
        };

        // Each pull enqueues at least one part or closes the stream: a pull that enqueues nothing
        // is not called again, and the reader would wait forever.
        while (enqueued === 0) {
          let result: IteratorResult<CompletionEvent>;
          try {
            result = pending ?? (await events.next());
            pending = undefined;
          } catch (error) {
            if (controller.signal.aborted) {
              // Aborted by the caller or cancelled by the reader: end quietly.
              endText();
              close();
              return;
            }
            endText();
            push({ type: "error", error });
            finish({ unified: "error", raw: errorKind(error) }, undefined);
            return;
          }
          if (result.done) {
            // ModelServer.complete always ends with a finish event or throws: a broken server.
            finish({ unified: "interrupted", raw: undefined }, undefined);
            return;
          }
          const event = result.value;
          if (call.includeRawChunks) push({ type: "raw", rawValue: event });
          if (event.type === "finish") {
            emitText(filter.finish(event.reason));
            finish(finishReason(event.reason), event.usage);
            return;
          }
          if (filter.stopped) {
            // The text held a stop string the server was not told about (it takes at most 4):
            // the server keeps generating, so stop reading and free its slot.
            finish(finishReason("stop"), undefined);
            return;
          }
          emitText(filter.push(event.text));
        }
      },
      cancel() {
        release();
        controller.abort();
        void events.return?.();
      },
    });

    return { stream, request: { body: request } };
  }

  async function doGenerate(call: LanguageModelV4CallOptions): Promise<LanguageModelV4GenerateResult> {
    const { stream, request } = await doStream(call);
    let text = "";
    let warnings: SharedV4Warning[] = [];
    let finishReason: LanguageModelV4FinishReason = { unified: "other", raw: undefined };
    let usage = toUsage(undefined);
    for await (const part of stream) {
      if (part.type === "stream-start") warnings = part.warnings;
      else if (part.type === "text-delta") text += part.delta;
      else if (part.type === "error") throw part.error;
      else if (part.type === "finish") ({ finishReason, usage } = part);
    }
    const content: LanguageModelV4Content[] = text === "" ? [] : [{ type: "text", text }];
    return { content, finishReason, usage, warnings, request };
  }

  return { specificationVersion: "v4", provider: "phogpt", modelId, supportedUrls: {}, doGenerate, doStream };
}

interface PreparedCall {
  request: CompletionRequest;
  continuing: boolean;
  /** Every stop string applied to the text; the first MAX_SERVER_STOPS also go to the server. */
  stopStrings: string[];
  warnings: SharedV4Warning[];
}

function prepareCall(call: LanguageModelV4CallOptions, defaults: Required<Omit<PhoGptDefaults, "repetitionPenalty">> & PhoGptDefaults): PreparedCall {
  const { prompt, continuing, warnings } = convertToPhoGptPrompt(call.prompt);
  const phogpt = readProviderOptions(call.providerOptions?.phogpt);

  const unsupported = (feature: string, present: unknown) => {
    if (present !== undefined) warnings.push({ type: "unsupported", feature });
  };
  unsupported("presencePenalty", call.presencePenalty);
  unsupported("frequencyPenalty", call.frequencyPenalty);
  unsupported("tools", call.tools?.length ? call.tools : undefined);
  unsupported("toolChoice", call.toolChoice);
  unsupported("responseFormat", call.responseFormat?.type === "json" ? call.responseFormat : undefined);
  if (call.topK !== undefined) {
    warnings.push({ type: "compatibility", feature: "topK", details: "TGI's /v1/completions ignores top_k." });
  }

  const stopStrings = [...new Set([TURN_STOP, ...(call.stopSequences ?? [])].filter((s) => s !== ""))];
  if (stopStrings.length > MAX_SERVER_STOPS) {
    warnings.push({
      type: "other",
      message: `The model server takes at most ${MAX_SERVER_STOPS} stop sequences (one is "${TURN_STOP.trim()}"); the others are applied to the text only.`,
    });
  }

  const repetitionPenalty = phogpt.repetitionPenalty ?? defaults.repetitionPenalty;
  const request: CompletionRequest = {
    prompt,
    maxTokens: call.maxOutputTokens ?? defaults.maxOutputTokens,
    temperature: call.temperature ?? defaults.temperature,
    topP: call.topP ?? defaults.topP,
    topK: call.topK ?? defaults.topK,
    stop: stopStrings.slice(0, MAX_SERVER_STOPS),
    ...(repetitionPenalty === undefined ? {} : { repetitionPenalty }),
    ...(call.seed === undefined ? {} : { seed: call.seed }),
  };
  return { request, continuing, stopStrings, warnings };
}

function readProviderOptions(value: unknown): PhoGptProviderOptions {
  if (value === undefined) return {};
  const penalty = (value as Record<string, unknown>).repetitionPenalty;
  if (penalty === undefined) return {};
  if (typeof penalty !== "number" || !(penalty > 0)) {
    throw new InvalidArgumentError({ argument: "providerOptions.phogpt.repetitionPenalty", message: "must be a positive number" });
  }
  return { repetitionPenalty: penalty };
}

function finishReason(reason: CompletionFinishReason): LanguageModelV4FinishReason {
  return { unified: reason === "length" ? "length" : "stop", raw: RAW_FINISH[reason] };
}

function toUsage(usage: CompletionUsage | undefined): LanguageModelV4Usage {
  return {
    inputTokens: { total: usage?.promptTokens, noCache: usage?.promptTokens, cacheRead: undefined, cacheWrite: undefined },
    outputTokens: { total: usage?.completionTokens, text: usage?.completionTokens, reasoning: undefined },
  };
}

function errorKind(error: unknown): string | undefined {
  return typeof error === "object" && error !== null && "kind" in error && typeof error.kind === "string" ? error.kind : undefined;
}
