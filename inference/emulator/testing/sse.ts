// Test support: read a server-sent event stream as TGI writes it (`data:<payload>` lines, `:` comments).

export interface SseEvent {
  /** The `data` payload as sent. */
  data: string;
}

/** Splits a complete SSE body into its events, skipping comments (keep-alives). */
export function parseSse(body: string): SseEvent[] {
  const events: SseEvent[] = [];
  for (const block of body.split(/\r?\n\r?\n/)) {
    const data = block
      .split(/\r?\n/)
      .filter((line) => line.startsWith("data:"))
      .map((line) => line.slice("data:".length).replace(/^ /, ""));
    if (data.length > 0) events.push({ data: data.join("\n") });
  }
  return events;
}

/** JSON payloads of every event except the final `[DONE]`. */
export function jsonEvents(events: SseEvent[]): unknown[] {
  return events.filter((e) => e.data !== "[DONE]").map((e) => JSON.parse(e.data) as unknown);
}

/** Reads events as they arrive; the body stays open until the reader is cancelled or the stream ends. */
export async function* streamSse(response: Response): AsyncGenerator<SseEvent> {
  if (!response.body) return;
  const decoder = new TextDecoder();
  let buffer = "";
  for await (const chunk of response.body) {
    buffer += decoder.decode(chunk, { stream: true });
    let cut = buffer.indexOf("\n\n");
    while (cut !== -1) {
      yield* parseSse(buffer.slice(0, cut));
      buffer = buffer.slice(cut + 2);
      cut = buffer.indexOf("\n\n");
    }
  }
  if (buffer.trim() !== "") yield* parseSse(buffer);
}
