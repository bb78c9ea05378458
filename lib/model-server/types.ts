// The model server behind one small interface: routes and the language model never see which
// backend (TGI, the emulator, a later vLLM) is running.

export interface ModelServerInfo {
  modelId: string;
  maxInputTokens: number;
  maxTotalTokens: number;
  maxConcurrentRequests?: number;
  version?: string;
  isEmulator: boolean;
}

export interface CompletionRequest {
  prompt: string;
  maxTokens: number;
  temperature?: number;
  topP?: number;
  topK?: number;
  repetitionPenalty?: number;
  stop: string[];
  seed?: number;
}

export type CompletionFinishReason = "stop" | "length" | "eos";

export interface CompletionUsage {
  promptTokens?: number;
  completionTokens?: number;
}

export type CompletionEvent =
  { type: "text"; text: string } | { type: "finish"; reason: CompletionFinishReason; usage?: CompletionUsage };

export interface ModelServer {
  /** GET /info; missing token limits fall back to 8192 (PhoGPT's context). */
  info(signal?: AbortSignal): Promise<ModelServerInfo>;
  /** GET /health: true when the server answers 2xx; false when it answers otherwise or cannot be reached. */
  health(signal?: AbortSignal): Promise<boolean>;
  /** Token count from POST /tokenize; null when the server has no /tokenize (404/405). */
  countTokens(text: string, signal?: AbortSignal): Promise<number | null>;
  /**
   * Streams a raw completion of `prompt`: text events, then exactly one finish event. Throws a
   * ModelServerError on failure; when `signal` aborts, throws the signal's reason and frees the
   * server's slot. Stopping the iteration early also cancels the request.
   */
  complete(request: CompletionRequest, signal: AbortSignal): AsyncIterable<CompletionEvent>;
}
