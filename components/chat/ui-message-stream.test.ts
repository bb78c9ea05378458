import { describe, expect, it } from "vitest";
import type { ChatMessage } from "./chat-message";
import { readUiChunks, StreamedReply, type UiChunk } from "./ui-message-stream";

function streamOf(pieces: string[]): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream({
    start(controller) {
      for (const piece of pieces) controller.enqueue(encoder.encode(piece));
      controller.close();
    },
  });
}

async function collect(stream: ReadableStream<Uint8Array>): Promise<UiChunk[]> {
  const chunks: UiChunk[] = [];
  for await (const chunk of readUiChunks(stream)) chunks.push(chunk);
  return chunks;
}

describe("readUiChunks", () => {
  it("reads events split anywhere, including inside a multi-byte character, and stops at [DONE]", async () => {
    const wire =
      'data: {"type":"start","messageId":"a"}\n\ndata: {"type":"text-delta","id":"t","delta":"Xin chào"}\n\n';
    const bytes = new TextEncoder().encode(`${wire}data: [DONE]\n\ndata: {"type":"ignored"}\n\n`);
    const split = [bytes.slice(0, 7), bytes.slice(7, 70), bytes.slice(70, 71), bytes.slice(71)];
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (const piece of split) controller.enqueue(piece);
        controller.close();
      },
    });
    expect(await collect(stream)).toEqual([
      { type: "start", messageId: "a" },
      { type: "text-delta", id: "t", delta: "Xin chào" },
    ]);
  });

  it("ends with the body when the server sends no [DONE]", async () => {
    expect(await collect(streamOf(['data: {"type":"finish"}\n\n']))).toEqual([{ type: "finish" }]);
  });
});

describe("StreamedReply", () => {
  const text = (message: ChatMessage) => message.parts.map((part) => (part.type === "text" ? part.text : "")).join("");

  it("builds a reply with the server's id, its text and merged metadata", () => {
    const reply = new StreamedReply<ChatMessage>(undefined, "local");
    const chunks: UiChunk[] = [
      { type: "start", messageId: "server-id", messageMetadata: { threadId: "t1", contextStartId: null } },
      { type: "start-step" },
      { type: "text-start", id: "0" },
      { type: "text-delta", id: "0", delta: "Xin " },
      { type: "text-delta", id: "0", delta: "chào" },
      { type: "text-end", id: "0" },
      { type: "finish", messageMetadata: { status: "complete", finishReason: "stop" } },
    ];
    for (const chunk of chunks) expect(reply.apply(chunk)).toEqual({});
    expect(reply.message.id).toBe("server-id");
    expect(reply.message.role).toBe("assistant");
    expect(text(reply.message)).toBe("Xin chào");
    expect(reply.message.metadata).toEqual({
      threadId: "t1",
      contextStartId: null,
      status: "complete",
      finishReason: "stop",
    });
  });

  it("continues a reply already shown, and reports an error chunk", () => {
    const shown: ChatMessage = { id: "r", role: "assistant", parts: [{ type: "text", text: "Đã có" }] };
    const reply = new StreamedReply<ChatMessage>(shown, "local");
    reply.apply({ type: "text-start", id: "1" });
    reply.apply({ type: "text-delta", id: "1", delta: " thêm" });
    expect(reply.apply({ type: "error", errorText: "model_error" })).toEqual({ error: "model_error" });
    expect(reply.message.id).toBe("r");
    expect(text(reply.message)).toBe("Đã có thêm");
    expect(text(shown)).toBe("Đã có");
  });
});
