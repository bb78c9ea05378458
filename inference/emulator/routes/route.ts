import type { IncomingMessage, ServerResponse } from "node:http";
import type { EmulatorContext } from "../engine.ts";

export type Handler = (ctx: EmulatorContext, req: IncomingMessage, res: ServerResponse) => Promise<void> | void;

export interface Route {
  method: "GET" | "POST";
  path: string;
  /** Behind `--api-key`, as TGI's generation routes and /tokenize are. */
  protected: boolean;
  handler: Handler;
}

/** TGI's response headers that describe the compute behind an answer. */
export const COMPUTE_TYPE = "gpu+optimized";
