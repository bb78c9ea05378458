// Small HTTP helpers, with axum's JSON-extractor rejections (the plain-text 4xx answers TGI gives).

import type { IncomingMessage, ServerResponse } from "node:http";
import type { z } from "zod";
import { describeIssue } from "./schemas.ts";

/** A response that ends the request early, like axum's extractor rejections. */
export class Rejection extends Error {
  readonly status: number;

  constructor(status: number, message: string) {
    super(message);
    this.name = "Rejection";
    this.status = status;
  }
}

// axum's CorsLayer as TGI configures it (any origin, GET/POST, content-type).
export const corsHeaders = {
  "access-control-allow-origin": "*",
  vary: "origin, access-control-request-method, access-control-request-headers",
};

export function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        reject(new Rejection(413, "Failed to buffer the request body: length limit exceeded"));
        req.resume();
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

export async function readJson<S extends z.ZodType>(
  req: IncomingMessage,
  schema: S,
  limit: number,
): Promise<z.output<S>> {
  const type = (req.headers["content-type"] ?? "").split(";")[0]?.trim().toLowerCase() ?? "";
  if (!(type === "application/json" || (type.startsWith("application/") && type.endsWith("+json")))) {
    throw new Rejection(415, "Expected request with `Content-Type: application/json`");
  }
  const raw = (await readBody(req, limit)).toString("utf8");
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch (error) {
    throw new Rejection(400, `Failed to parse the request body as JSON: ${(error as Error).message}`);
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    throw new Rejection(
      422,
      `Failed to deserialize the JSON body into the target type: ${describeIssue(parsed.error)}`,
    );
  }
  return parsed.data;
}

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const payload = JSON.stringify(body);
  res.writeHead(status, {
    ...corsHeaders,
    ...headers,
    "content-type": "application/json",
    "content-length": Buffer.byteLength(payload),
  });
  res.end(payload);
}

export function sendText(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, {
    ...corsHeaders,
    "content-type": "text/plain; charset=utf-8",
    "content-length": Buffer.byteLength(text),
  });
  res.end(text);
}

export function sendEmpty(res: ServerResponse, status: number, headers: Record<string, string> = {}): void {
  res.writeHead(status, { ...corsHeaders, ...headers, "content-length": 0 });
  res.end();
}
