import { InferenceClient, InferenceClientProviderApiError } from "@huggingface/inference";
import { ModelServerError, tgiError } from "./errors";
import { nodeHttpFetch } from "./node-http-fetch";
import { parseCompletionChunk } from "./tgi-stream";
import type { CompletionEvent, CompletionRequest, ModelServer, ModelServerInfo } from "./types";

// A self-hosted Text Generation Inference server (or anything speaking its routes, such as the
// emulator). Generation goes through @huggingface/inference, which posts to <url>/v1/completions.

export interface TgiServerOptions {
  url: string;
  apiKey?: string;
  /**
   * Time allowed for /info, /health and /tokenize, and, in a completion, for the first event and
   * between two events (a server that stops sending mid-reply is as dead as one that never starts).
   */
  timeoutMs: number;
  /** Every request's transport: node:http by default (node-http-fetch.ts). */
  fetch?: typeof fetch;
}

const DEFAULT_CONTEXT_TOKENS = 8192;

export function createTgiServer(options: TgiServerOptions): ModelServer {
  const baseUrl = options.url.replace(/\/+$/, "");
  const baseFetch = options.fetch ?? nodeHttpFetch;
  const authHeaders: Record<string, string> = options.apiKey ? { Authorization: `Bearer ${options.apiKey}` } : {};

  /** fetch + read under one timeout; translates network failures and the timeout. */
  async function call<T>(
    path: string,
    init: RequestInit,
    signal: AbortSignal | undefined,
    read: (res: Response) => Promise<T>,
  ): Promise<T> {
    const timeout = AbortSignal.timeout(options.timeoutMs);
    const combined = signal ? AbortSignal.any([signal, timeout]) : timeout;
    let response: Response | undefined;
    try {
      response = await baseFetch(`${baseUrl}${path}`, {
        ...init,
        headers: { ...authHeaders, ...init.headers },
        signal: combined,
      });
      return await read(response);
    } catch (error) {
      if (signal?.aborted) throw signal.reason;
      if (error instanceof ModelServerError) throw error;
      if (timeout.aborted) {
        throw new ModelServerError(
          "timeout",
          `The model server did not answer ${path} within ${options.timeoutMs} ms`,
          { cause: error },
        );
      }
      if (response)
        throw new ModelServerError("bad_response", `Could not read the model server's ${path} response`, {
          cause: error,
        });
      throw new ModelServerError(
        "unreachable",
        `The model server at ${baseUrl} is unreachable: ${describeError(error)}`,
        { cause: error },
      );
    }
  }

  async function info(signal?: AbortSignal): Promise<ModelServerInfo> {
    return call("/info", { method: "GET" }, signal, async (response) => {
      // vLLM and llama.cpp have no /info: their limits are unknown, so PhoGPT's context is assumed.
      if (response.status === 404 || response.status === 405) {
        await response.body?.cancel();
        return fallbackInfo(signal);
      }
      if (!response.ok) throw await httpError(response, "/info");
      const data = await readJsonObject(response, "/info");
      const maxTotalTokens = positiveInt(data.max_total_tokens) ?? DEFAULT_CONTEXT_TOKENS;
      const maxInputTokens =
        positiveInt(data.max_input_tokens) ?? positiveInt(data.max_input_length) ?? DEFAULT_CONTEXT_TOKENS;
      const maxConcurrentRequests = positiveInt(data.max_concurrent_requests);
      const version = typeof data.version === "string" ? data.version : undefined;
      return {
        modelId: typeof data.model_id === "string" ? data.model_id : "unknown",
        maxInputTokens: Math.min(maxInputTokens, maxTotalTokens),
        maxTotalTokens,
        ...(maxConcurrentRequests === undefined ? {} : { maxConcurrentRequests }),
        ...(version === undefined ? {} : { version }),
        isEmulator: isEmulatorInfo(data),
      };
    });
  }

  // The OpenAI-style model list names the model on servers without /info.
  async function fallbackInfo(signal?: AbortSignal): Promise<ModelServerInfo> {
    const modelId = await call("/v1/models", { method: "GET" }, signal, async (response) => {
      if (!response.ok) {
        await response.body?.cancel();
        return "unknown";
      }
      const data = await readJsonObject(response, "/v1/models");
      const first: unknown = Array.isArray(data.data) ? data.data[0] : undefined;
      const id = first && typeof first === "object" && "id" in first ? first.id : undefined;
      return typeof id === "string" ? id : "unknown";
    });
    return {
      modelId,
      maxInputTokens: DEFAULT_CONTEXT_TOKENS,
      maxTotalTokens: DEFAULT_CONTEXT_TOKENS,
      isEmulator: false,
    };
  }

  async function health(signal?: AbortSignal): Promise<boolean> {
    try {
      return await call("/health", { method: "GET" }, signal, async (response) => {
        await response.body?.cancel();
        return response.ok;
      });
    } catch (error) {
      if (signal?.aborted) throw error;
      return false;
    }
  }

  async function countTokens(text: string, signal?: AbortSignal): Promise<number | null> {
    if (text === "") return 0;
    return call(
      "/tokenize",
      { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ inputs: text }) },
      signal,
      async (response) => {
        if (response.status === 404 || response.status === 405) {
          await response.body?.cancel();
          return null;
        }
        if (!response.ok) throw await httpError(response, "/tokenize");
        // Only TGI's shape (a list of tokens for `inputs`) is trusted; other servers' /tokenize take
        // other fields and could count the wrong text, so their counts are treated as unknown.
        const tokens: unknown = await response.json();
        return Array.isArray(tokens) ? tokens.length : null;
      },
    );
  }

  const complete = (request: CompletionRequest, signal: AbortSignal) =>
    streamCompletion({ baseUrl, baseFetch, apiKey: options.apiKey, timeoutMs: options.timeoutMs }, request, signal);

  return { info, health, countTokens, complete };
}

interface StreamConfig {
  baseUrl: string;
  baseFetch: typeof fetch;
  apiKey: string | undefined;
  timeoutMs: number;
}

async function* streamCompletion(
  config: StreamConfig,
  request: CompletionRequest,
  signal: AbortSignal,
): AsyncGenerator<CompletionEvent> {
  const { baseUrl, baseFetch, timeoutMs } = config;
  signal.throwIfAborted();
  // Our own controller: it carries the caller's abort and the timeout, and is
  // aborted when iteration stops early, because leaving a for-await loop does not cancel the
  // client's request, and only a disconnect frees the server's slot.
  const controller = new AbortController();
  const forwardAbort = () => controller.abort(signal.reason);
  signal.addEventListener("abort", forwardAbort, { once: true });
  // The timer counts only while we wait for the server (first event, then between events), not
  // while the consumer holds an event, so a slow reader is never mistaken for a stalled server.
  // One timer for the whole stream, re-armed per event (a new one per token was a measurable cost).
  let timedOut = false;
  let waiting = true;
  const timer = setTimeout(function onTimeout() {
    if (!waiting) {
      timer.refresh();
      return;
    }
    timedOut = true;
    controller.abort(new DOMException("model server timeout", "TimeoutError"));
  }, timeoutMs);
  let responded = false;
  const trackingFetch: typeof fetch = async (input, init) => {
    const response = await baseFetch(input, init);
    responded = true;
    return response;
  };
  const client = new InferenceClient(config.apiKey ?? "", { endpointUrl: baseUrl, fetch: trackingFetch });

  try {
    const stream = client.textGenerationStream(
      {
        // TGI reads any other `model` as a LoRA adapter id.
        model: "tgi",
        inputs: request.prompt,
        parameters: {
          max_new_tokens: request.maxTokens,
          stop: request.stop,
          ...(request.temperature === undefined ? {} : { temperature: request.temperature }),
          ...(request.topP === undefined ? {} : { top_p: request.topP }),
          ...(request.topK === undefined ? {} : { top_k: request.topK }),
          ...(request.repetitionPenalty === undefined ? {} : { repetition_penalty: request.repetitionPenalty }),
          ...(request.seed === undefined ? {} : { seed: request.seed }),
        },
      },
      { signal: controller.signal, retry_on_error: false },
    );
    for await (const chunk of stream as AsyncIterable<unknown>) {
      waiting = false;
      const parsed = parseCompletionChunk(chunk);
      if (parsed.text !== "") yield { type: "text", text: parsed.text };
      if (parsed.finish) {
        yield { type: "finish", reason: parsed.finish, ...(parsed.usage ? { usage: parsed.usage } : {}) };
        return;
      }
      waiting = true;
      timer.refresh();
    }
    throw new ModelServerError("incomplete", "The model server's stream ended without a finish reason");
  } catch (error) {
    if (signal.aborted) throw signal.reason;
    if (error instanceof ModelServerError) throw error;
    if (timedOut) {
      throw new ModelServerError("timeout", `The model server sent nothing for ${timeoutMs} ms`, { cause: error });
    }
    throw completionError(error, responded, baseUrl);
  } finally {
    clearTimeout(timer);
    signal.removeEventListener("abort", forwardAbort);
    controller.abort();
  }
}

function completionError(error: unknown, responded: boolean, baseUrl: string): ModelServerError {
  if (error instanceof InferenceClientProviderApiError) {
    const { status, body } = error.httpResponse;
    const inStream = status >= 200 && status < 300;
    const detail = errorDetail(body);
    return tgiError(detail?.message ?? error.message, inStream ? detail?.status : status, error);
  }
  if (error instanceof SyntaxError) {
    return new ModelServerError("bad_response", `The model server sent malformed stream data: ${error.message}`, {
      cause: error,
    });
  }
  if (!responded) {
    return new ModelServerError(
      "unreachable",
      `The model server at ${baseUrl} is unreachable: ${describeError(error)}`,
      { cause: error },
    );
  }
  return new ModelServerError("incomplete", `The model server's stream broke off: ${describeError(error)}`, {
    cause: error,
  });
}

/** The message and status inside a TGI error body: {"error": "..."} or {"error": {"message", "http_status_code"}}. */
function errorDetail(body: unknown): { message: string; status?: number } | undefined {
  if (typeof body !== "object" || body === null || !("error" in body)) return undefined;
  const inner = body.error;
  if (typeof inner === "string") return { message: inner };
  if (typeof inner === "object" && inner !== null && "message" in inner && typeof inner.message === "string") {
    const status =
      "http_status_code" in inner && typeof inner.http_status_code === "number" ? inner.http_status_code : undefined;
    return { message: inner.message, ...(status === undefined ? {} : { status }) };
  }
  return undefined;
}

async function httpError(response: Response, path: string): Promise<ModelServerError> {
  const text = await response.text().catch(() => "");
  let message = `The model server answered ${path} with HTTP ${response.status}`;
  try {
    const detail = errorDetail(JSON.parse(text));
    if (detail) message = detail.message;
  } catch {
    // Not JSON: keep the generic message; the status classifies the error.
  }
  return tgiError(message, response.status);
}

async function readJsonObject(response: Response, path: string): Promise<Record<string, unknown>> {
  const data: unknown = await response.json();
  if (typeof data !== "object" || data === null || Array.isArray(data)) {
    throw new ModelServerError("bad_response", `The model server's ${path} did not answer a JSON object`);
  }
  return data as Record<string, unknown>;
}

function isEmulatorInfo(data: Record<string, unknown>): boolean {
  if (data.emulator === true || data.is_emulator === true) return true;
  return [data.model_id, data.version, data.router].some(
    (value) => typeof value === "string" && /emulator/i.test(value),
  );
}

function positiveInt(value: unknown): number | undefined {
  return typeof value === "number" && Number.isInteger(value) && value > 0 ? value : undefined;
}

function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause;
  const code = typeof cause === "object" && cause !== null && "code" in cause ? String(cause.code) : undefined;
  return code ? `${error.message} (${code})` : error.message;
}
