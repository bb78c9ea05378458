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
