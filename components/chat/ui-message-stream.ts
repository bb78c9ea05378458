import type { UIMessage } from "ai";

// The AI SDK's UI message stream (server-sent events, one JSON chunk per `data:` line), read
// without the SDK's client: only the chunks this app's server sends matter here (text, message
// metadata, finish, error, abort); others (steps, reasoning, tools, data) are skipped.

export interface UiChunk {
  type: string;
  id?: string;
  delta?: string;
  messageId?: string;
  messageMetadata?: unknown;
  errorText?: string;
}

// Splits the event stream into chunks; `[DONE]` ends it.
export async function* readUiChunks(body: ReadableStream<Uint8Array>): AsyncGenerator<UiChunk> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = "";
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += decoder.decode(value, { stream: true });
      let end = buffer.indexOf("\n\n");
      while (end !== -1) {
        const event = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        end = buffer.indexOf("\n\n");
        const data = event
          .split("\n")
          .filter((line) => line.startsWith("data:"))
          .map((line) => line.slice(5).trimStart())
          .join("\n");
        if (data === "[DONE]") return;
        if (data) yield JSON.parse(data) as UiChunk;
      }
    }
  } finally {
    reader.releaseLock();
  }
}

type TextPart = { type: "text"; text: string; state?: "streaming" | "done" };

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

// Metadata chunks add to what the message has (as the SDK merges them).
function mergeMetadata(current: unknown, update: unknown): unknown {
  if (!isObject(current) || !isObject(update)) return update ?? current;
  const merged: Record<string, unknown> = { ...current };
  for (const [key, value] of Object.entries(update)) merged[key] = mergeMetadata(current[key], value);
  return merged;
}

// One reply being assembled from its chunks; `message` is a new object after every change.
export class StreamedReply<Message extends UIMessage> {
  message: Message;
  private readonly textParts = new Map<string, number>();

  constructor(continued: Message | undefined, newId: string) {
    this.message = continued ?? ({ id: newId, role: "assistant", parts: [] } as unknown as Message);
  }

  // Applies one chunk; returns the error text of an `error` chunk.
  apply(chunk: UiChunk): { error?: string } {
    const message = this.message;
    switch (chunk.type) {
      case "start":
        this.message = {
          ...message,
          ...(chunk.messageId ? { id: chunk.messageId } : {}),
          metadata: mergeMetadata(message.metadata, chunk.messageMetadata),
        };
        return {};
      case "text-start":
        this.textParts.set(chunk.id ?? "", message.parts.length);
        this.message = { ...message, parts: [...message.parts, { type: "text", text: "", state: "streaming" }] };
        return {};
      case "text-delta":
      case "text-end":
        this.updateText(chunk);
        return {};
      case "finish":
      case "message-metadata":
        if (chunk.messageMetadata !== undefined) {
          this.message = { ...message, metadata: mergeMetadata(message.metadata, chunk.messageMetadata) };
        }
        return {};
      case "error":
        return { error: chunk.errorText ?? "" };
      default:
        return {};
    }
  }

  private updateText(chunk: UiChunk) {
    const index = this.textParts.get(chunk.id ?? "");
    const part = index === undefined ? undefined : (this.message.parts[index] as TextPart | undefined);
    if (index === undefined || part?.type !== "text") return;
    const next: TextPart =
      chunk.type === "text-delta" ? { ...part, text: part.text + (chunk.delta ?? "") } : { ...part, state: "done" };
    const parts = [...this.message.parts];
    parts[index] = next as Message["parts"][number];
    this.message = { ...this.message, parts };
  }
}
