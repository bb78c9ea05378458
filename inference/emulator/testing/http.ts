// Test support: small fetch wrappers for talking to an emulator.

import { parseSse, type SseEvent } from "./sse.ts";

export function postJson(
  base: string,
  route: string,
  body: unknown,
  headers: Record<string, string> = {},
  signal?: AbortSignal,
) {
  return fetch(`${base}${route}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify(body),
    signal,
  });
}

export interface StreamResult {
  status: number;
  contentType: string | null;
  events: SseEvent[];
  /** Parsed JSON of every event but `[DONE]`. */
  json: Record<string, unknown>[];
  done: boolean;
}

/** Posts and reads the whole SSE body. */
export async function postStream(
  base: string,
  route: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<StreamResult> {
  const response = await postJson(base, route, body, headers);
  const events = parseSse(await response.text());
  return {
    status: response.status,
    contentType: response.headers.get("content-type"),
    events,
    json: events.filter((e) => e.data !== "[DONE]").map((e) => JSON.parse(e.data) as Record<string, unknown>),
    done: events.at(-1)?.data === "[DONE]",
  };
}
