// The reply stream POST /api/chat sends, against the emulator: the UI message chunks in order,
// the reply stored exactly as streamed before "finish", Stop ending it with "abort" and the
// partial text kept, and a model failure mid-reply sent as "error" with the text so far kept.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type Emulator } from "@/inference/emulator/server";
import { db } from "@/lib/db";
import { newUser } from "./support/fixtures";

let emulator: Emulator;
let reply: typeof import("@/lib/chat/reply");
let turns: typeof import("@/lib/chat/turns");
let live: typeof import("@/lib/live/replies");

beforeAll(async () => {
  emulator = await startEmulator({ port: 0, tokensPerSecond: 0 });
  // lib/env.ts reads process.env once, on first use: set it before anything imports the chat path.
  process.env.INFERENCE_URL = emulator.url;
  [reply, turns, live] = await Promise.all([
    import("@/lib/chat/reply"),
    import("@/lib/chat/turns"),
    import("@/lib/live/replies"),
  ]);
});

afterAll(async () => {
  await emulator?.close();
});

type Chunk = {
  type: string;
  messageId?: string;
  delta?: string;
  errorText?: string;
  messageMetadata?: { status?: string };
};

async function ask(text: string, onChunk: (chunk: Chunk, chunks: Chunk[]) => unknown = () => undefined) {
  const { id: userId } = await newUser();
  const job = await turns.startUserTurn({ userId, threadId: randomUUID(), text });
  const chunks: Chunk[] = [];
  for await (const chunk of await reply.streamReply(job)) {
    chunks.push(chunk as Chunk);
    await onChunk(chunk as Chunk, chunks);
  }
  const stored = await db().message.findUniqueOrThrow({ where: { id: job.assistantMessageId } });
  const streamed = chunks.map((chunk) => chunk.delta ?? "").join("");
  return { chunks, types: chunks.map((chunk) => chunk.type), stored, streamed, job };
}

describe("the reply stream", () => {
  it("sends start, the text, then finish, with the reply stored as streamed before finish", async () => {
    let storedAtFinish: string | undefined;
    const { types, stored, streamed, chunks, job } = await ask("Xin chào [[len=12]]", async (chunk, seen) => {
      if (chunk.type !== "finish") return;
      storedAtFinish = (await db().message.findUnique({ where: { id: seen[0]?.messageId ?? "" } }))?.status;
    });
    expect(types.slice(0, 3)).toEqual(["start", "start-step", "text-start"]);
    expect(types.slice(-3)).toEqual(["text-end", "finish-step", "finish"]);
    expect(types.filter((type) => type === "text-delta").length).toBeGreaterThan(5);
    expect(streamed.length).toBeGreaterThan(0);
    expect(stored).toMatchObject({ status: "complete", content: streamed });
    expect(storedAtFinish).toBe("complete");
    expect(chunks.at(-1)?.messageMetadata).toMatchObject({ status: "complete", threadId: job.threadId });
  });

  it("ends with abort on Stop, the text so far stored as stopped", async () => {
    const { types, stored, streamed } = await ask("Kể chuyện [[len=400]] [[rate=200]]", async (chunk, chunks) => {
      if (chunk.type === "text-delta" && chunks.filter((c) => c.type === "text-delta").length === 3) {
        expect(await live.requestStop(chunks[0]?.messageId ?? "")).toBe(true);
      }
    });
    expect(types.at(-1)).toBe("abort");
    expect(types).not.toContain("finish");
    expect(types.filter((type) => type === "text-delta").length).toBeLessThan(400);
    expect(stored).toMatchObject({ status: "stopped", content: streamed });
  });

  it("sends a model failure as an error chunk and keeps the text before it", async () => {
    const { types, stored, streamed, chunks } = await ask("Hỏng giữa chừng [[fail-after=3]]");
    expect(types).toContain("error");
    expect(chunks.find((chunk) => chunk.type === "error")?.errorText).toBe("model_error");
    expect(streamed.length).toBeGreaterThan(0);
    expect(stored).toMatchObject({ status: "failed", errorCode: "model_error", content: streamed });
  });
});
