// /emulator/*: debug and control routes for tests. Not part of TGI; never behind --api-key.

import type { FaultOptions, FaultSet } from "../faults.ts";
import { faultBodySchema } from "../faults.ts";
import { readJson, sendJson } from "../http.ts";
import type { RequestRecord } from "../state.ts";
import type { Route } from "./route.ts";

export interface EmulatorState {
  emulator: true;
  modelId: string;
  tokenizer: "phogpt" | "byte-fallback";
  listening: boolean;
  inFlight: number;
  peakInFlight: number;
  maxConcurrentRequests: number;
  tokensPerSecond: number;
  faults: FaultSet;
  /** Oldest first; the last one is the latest request. */
  requests: RequestRecord[];
}

export interface Controls {
  state(): EmulatorState;
  setFaults(faults: FaultOptions, refuseForMs?: number): Promise<void>;
  reset(): Promise<void>;
}

export function controlRoutes(controls: Controls): Route[] {
  return [
    {
      method: "GET",
      path: "/emulator/state",
      protected: false,
      handler: (_ctx, _req, res) => sendJson(res, 200, controls.state()),
    },
    {
      method: "POST",
      path: "/emulator/faults",
      protected: false,
      handler: async (ctx, req, res) => {
        const { refuseConnectionsMs, ...faults } = await readJson(req, faultBodySchema, ctx.config.payloadLimit);
        if (faults.refuseConnections && refuseConnectionsMs === undefined) {
          sendJson(res, 422, {
            error: "over HTTP, refuseConnections needs refuseConnectionsMs (nothing could turn it off again)",
            error_type: "validation",
          });
          return;
        }
        const refusing = refuseConnectionsMs !== undefined;
        await controls.setFaults({ ...faults, refuseConnections: refusing }, refuseConnectionsMs);
        sendJson(res, 200, { faults: controls.state().faults });
      },
    },
    {
      method: "POST",
      path: "/emulator/reset",
      protected: false,
      handler: async (_ctx, _req, res) => {
        await controls.reset();
        sendJson(res, 200, { ok: true });
      },
    },
  ];
}
