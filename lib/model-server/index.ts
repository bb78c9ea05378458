import "server-only";
import { env } from "@/lib/env";
import { createInfoCache, type InfoCache } from "./info-cache";
import { createTgiServer } from "./tgi-server";
import type { ModelServer, ModelServerInfo } from "./types";

export type { CompletionEvent, CompletionRequest, ModelServer, ModelServerInfo } from "./types";
export { ModelServerError, isModelServerError, type ModelServerErrorKind } from "./errors";

const INFO_TTL_MS = 30_000;

let server: ModelServer | undefined;
let infoCache: InfoCache | undefined;

/** The model server of this process, configured by INFERENCE_URL, INFERENCE_API_KEY and INFERENCE_TIMEOUT_MS. */
export function modelServer(): ModelServer {
  if (!server) {
    const config = env();
    server = createTgiServer({
      url: config.INFERENCE_URL,
      timeoutMs: config.INFERENCE_TIMEOUT_MS,
      ...(config.INFERENCE_API_KEY ? { apiKey: config.INFERENCE_API_KEY } : {}),
    });
  }
  return server;
}

/** The model server's /info, cached for 30 s; a failed request is retried on the next call. */
export function modelServerInfo(): Promise<ModelServerInfo> {
  infoCache ??= createInfoCache(modelServer(), INFO_TTL_MS);
  return infoCache.get();
}

/**
 * Drops the cached /info: called when the server's answers suggest it restarted with other
 * limits (a length rejection) or went away, so the next request reads them afresh.
 */
export function forgetModelServerInfo(): void {
  infoCache?.clear();
}

export interface TokenLimits {
  maxInputTokens: number;
  maxTotalTokens: number;
}

/** PhoGPT's context, assumed when the server does not say. */
export const FALLBACK_TOKEN_LIMITS: TokenLimits = { maxInputTokens: 8192, maxTotalTokens: 8192 };

/**
 * The server's token limits from the cached /info, waiting at most `waitMs`: a server that does
 * not answer in time (or at all) gets PhoGPT's 8,192, and its answer still fills the cache for later.
 */
export async function modelServerLimits(waitMs: number): Promise<TokenLimits> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<TokenLimits>((resolve) => {
    timer = setTimeout(() => resolve(FALLBACK_TOKEN_LIMITS), waitMs);
  });
  const info = modelServerInfo().then(
    ({ maxInputTokens, maxTotalTokens }) => ({ maxInputTokens, maxTotalTokens }),
    () => FALLBACK_TOKEN_LIMITS,
  );
  try {
    return await Promise.race([info, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
