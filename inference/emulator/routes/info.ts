// GET /health, /info, /v1/models: the open routes, never behind --api-key.

import type { ResolvedConfig } from "../config.ts";
import { MODEL_ID, TGI_VERSION } from "../config.ts";
import { sendEmpty, sendJson } from "../http.ts";
import type { Route } from "./route.ts";

export function infoBody(config: ResolvedConfig): Record<string, unknown> {
  return {
    model_id: MODEL_ID,
    model_sha: null,
    model_pipeline_tag: "text-generation",
    max_concurrent_requests: config.maxConcurrentRequests,
    max_best_of: config.maxBestOf,
    max_stop_sequences: config.maxStopSequences,
    max_input_tokens: config.maxInputTokens,
    max_total_tokens: config.maxTotalTokens,
    validation_workers: 2,
    max_client_batch_size: config.maxClientBatchSize,
    router: "text-generation-router",
    version: TGI_VERSION,
    sha: null,
    docker_label: null,
  };
}

/** `<version>-<docker_label or "native">`, as TGI builds it. */
export const systemFingerprint = `${TGI_VERSION}-native`;

const health: Route["handler"] = (ctx, _req, res) => {
  if (ctx.faults().unhealthy) {
    sendJson(res, 503, { error: "unhealthy", error_type: "healthcheck" });
    return;
  }
  sendEmpty(res, 200);
};

export const infoRoutes: Route[] = [
  { method: "GET", path: "/health", protected: false, handler: health },
  { method: "GET", path: "/ping", protected: false, handler: health },
  { method: "GET", path: "/", protected: false, handler: health },
  {
    method: "GET",
    path: "/info",
    protected: false,
    handler: (ctx, _req, res) => sendJson(res, 200, infoBody(ctx.config)),
  },
  {
    method: "GET",
    path: "/v1/models",
    protected: false,
    handler: (_ctx, _req, res) =>
      sendJson(res, 200, {
        object: "list",
        data: [{ id: MODEL_ID, object: "model", created: 0, owned_by: MODEL_ID }],
      }),
  },
];
