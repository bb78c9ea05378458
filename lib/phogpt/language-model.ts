import type {
  LanguageModelV4,
  LanguageModelV4CallOptions,
  LanguageModelV4Content,
  LanguageModelV4FinishReason,
  LanguageModelV4GenerateResult,
  LanguageModelV4StreamPart,
  LanguageModelV4StreamResult,
  LanguageModelV4Usage,
  SharedV4Warning,
} from "@ai-sdk/provider";
import type { CompletionEvent, CompletionFinishReason, CompletionUsage, ModelServer } from "@/lib/model-server/types";
import { createAnswerFilter, type AnswerFilter } from "./answer-filter";
import { prepareCall, type PhoGptDefaults } from "./call-settings";

export type { PhoGptDefaults, PhoGptProviderOptions } from "./call-settings";

// PhoGPT-4B-Chat as an AI SDK 7 language model over a ModelServer.
//
// Continue: an assistant message as the last prompt message is an open answer; the prompt ends
// with its text (no </s>) and the reply is its continuation, leading space kept.
//
// Errors: a failure before the first event (unreachable, unauthorized, validation, overloaded,
// timeout, generation failing at once) rejects doStream with the ModelServerError; a failure
// after it becomes an `error` part followed by a `finish` with unified "error"; the reply loop
// (lib/chat/reply.ts) records either as the reply's failure. The AI SDK's streamText would turn
// both into one `error` part and retry neither (only APICallErrors are retried). An abort
// mid-stream ends the stream quietly: its caller knows it aborted.

export interface PhoGptLanguageModelOptions {
  server: ModelServer;
  modelId?: string;
  defaults?: PhoGptDefaults;
}

const RAW_FINISH: Record<CompletionFinishReason, string> = {
  stop: "stop_sequence",
  eos: "eos_token",
  length: "length",
};

export function createPhoGptLanguageModel(options: PhoGptLanguageModelOptions): LanguageModelV4 {
  const { server } = options;
  const modelId = options.modelId ?? "vinai/PhoGPT-4B-Chat";

  async function doStream(call: LanguageModelV4CallOptions): Promise<LanguageModelV4StreamResult> {
    const { request, continuing, stopStrings, warnings } = prepareCall(call, options.defaults);
    // Our own controller: the caller's abort and a cancel of the returned stream both end the request.
    const controller = new AbortController();
    const forwardAbort = () => controller.abort(call.abortSignal?.reason);
    if (call.abortSignal?.aborted) forwardAbort();
    call.abortSignal?.addEventListener("abort", forwardAbort, { once: true });
    const release = () => {
      call.abortSignal?.removeEventListener("abort", forwardAbort);
      controller.abort();
    };

    const events = server.complete(request, controller.signal)[Symbol.asyncIterator]();
    let first: IteratorResult<CompletionEvent>;
    try {
      first = await events.next();
    } catch (error) {
      release();
      throw error;
    }
    const stream = answerStream({
      events,
      first,
      filter: createAnswerFilter({ stopStrings, stripLeadingSpace: !continuing }),
      head: [
        { type: "stream-start", warnings },
        { type: "response-metadata", modelId, timestamp: new Date() },
      ],
      includeRawChunks: call.includeRawChunks === true,
      aborted: () => controller.signal.aborted,
      release,
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

interface AnswerStreamInput {
  events: AsyncIterator<CompletionEvent>;
  first: IteratorResult<CompletionEvent>;
  filter: AnswerFilter;
  head: LanguageModelV4StreamPart[];
  includeRawChunks: boolean;
  /** True once the caller aborted or the reader cancelled. */
  aborted: () => boolean;
  /** Ends the server request and detaches from the caller's signal. */
  release: () => void;
}

/** Server events → AI SDK stream parts, read from the server only as fast as the reader reads. */
function answerStream({ events, first, filter, head, includeRawChunks, aborted, release }: AnswerStreamInput) {
  const textId = "0";
  let textOpen = false;
  let pending: IteratorResult<CompletionEvent> | undefined = first;
  const stop = () => {
    release();
    void events.return?.();
  };

  return new ReadableStream<LanguageModelV4StreamPart>({
    start(out) {
      for (const part of head) out.enqueue(part);
    },
    async pull(out) {
      let enqueued = 0;
      const push = (part: LanguageModelV4StreamPart) => {
        out.enqueue(part);
        enqueued++;
      };
      const emitText = (delta: string) => {
        if (delta === "") return;
        if (!textOpen) push({ type: "text-start", id: textId });
        textOpen = true;
        push({ type: "text-delta", id: textId, delta });
      };
      const end = (finish?: { finishReason: LanguageModelV4FinishReason; usage?: CompletionUsage }) => {
        if (textOpen) push({ type: "text-end", id: textId });
        textOpen = false;
        if (finish) push({ type: "finish", finishReason: finish.finishReason, usage: toUsage(finish.usage) });
        stop();
        out.close();
      };

      // Each pull enqueues at least one part or closes the stream: a pull that enqueues nothing
      // is not called again, and the reader would wait forever.
      while (enqueued === 0) {
        let result: IteratorResult<CompletionEvent>;
        try {
          result = pending ?? (await events.next());
          pending = undefined;
        } catch (error) {
          if (aborted()) return end(); // the caller aborted or the reader cancelled: end quietly
          if (textOpen) push({ type: "text-end", id: textId });
          textOpen = false;
          push({ type: "error", error });
          return end({ finishReason: { unified: "error", raw: errorKind(error) } });
        }
        // ModelServer.complete ends with a finish event or throws: anything else is a broken server.
        if (result.done) return end({ finishReason: { unified: "interrupted", raw: undefined } });
        const event = result.value;
        if (includeRawChunks) push({ type: "raw", rawValue: event });
        if (event.type === "finish") {
          emitText(filter.finish(event.reason));
          return end({ finishReason: toFinishReason(event.reason), ...(event.usage ? { usage: event.usage } : {}) });
        }
        // The text held a stop string the server was not given (it takes at most 4), so the
        // server keeps generating: stop reading and free its slot.
        if (filter.stopped) return end({ finishReason: toFinishReason("stop") });
        emitText(filter.push(event.text));
      }
    },
    cancel() {
      stop();
    },
  });
}

function toFinishReason(reason: CompletionFinishReason): LanguageModelV4FinishReason {
  return { unified: reason === "length" ? "length" : "stop", raw: RAW_FINISH[reason] };
}

function toUsage(usage: CompletionUsage | undefined): LanguageModelV4Usage {
  return {
    inputTokens: {
      total: usage?.promptTokens,
      noCache: usage?.promptTokens,
      cacheRead: undefined,
      cacheWrite: undefined,
    },
    outputTokens: { total: usage?.completionTokens, text: usage?.completionTokens, reasoning: undefined },
  };
}

function errorKind(error: unknown): string | undefined {
  return typeof error === "object" && error !== null && "kind" in error && typeof error.kind === "string"
    ? error.kind
    : undefined;
}
