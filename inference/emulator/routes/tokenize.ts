// POST /tokenize: the prompt's tokens with byte offsets; no slot taken, no validation.

import { readJson, sendJson } from "../http.ts";
import { generateRequestSchema } from "../schemas.ts";
import { tokenizeWithOffsets } from "../tokens.ts";
import type { Route } from "./route.ts";

export const tokenizeRoute: Route = {
  method: "POST",
  path: "/tokenize",
  protected: true,
  handler: async (ctx, req, res) => {
    const body = await readJson(req, generateRequestSchema, ctx.config.payloadLimit);
    sendJson(res, 200, tokenizeWithOffsets(ctx.tokenizer, body.inputs));
  },
};
