// createTgiServer against the TGI emulator over HTTP (inference/emulator): the real client,
// the real wire format, the real error paths.
import { readFileSync } from "node:fs";
import path from "node:path";
import { Tokenizer } from "@huggingface/tokenizers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type Emulator, type EmulatorOptions } from "@/inference/emulator/server";
import { ModelServerError } from "./errors";
import { createTgiServer } from "./tgi-server";
import type { CompletionEvent, CompletionRequest, ModelServer } from "./types";

const TURN_STOP = "\n### Câu hỏi:";
const sharedDir = path.resolve(import.meta.dirname, "..", "..", "..", "shared", "phogpt");
const tokenizer = new Tokenizer(
  JSON.parse(readFileSync(path.join(sharedDir, "tokenizer.json"), "utf8")),
  JSON.parse(readFileSync(path.join(sharedDir, "tokenizer_config.json"), "utf8")),
);

const ask = (question: string, extra: Partial<CompletionRequest> = {}): CompletionRequest => ({
  prompt: `### Câu hỏi: ${question}\n### Trả lời:`,
  maxTokens: 300,
  stop: [TURN_STOP],
  ...extra,
});

async function drain(events: AsyncIterable<CompletionEvent>, signal?: AbortSignal) {
  let text = "";
  let finish: Extract<CompletionEvent, { type: "finish" }> | undefined;
  for await (const event of events) {
    if (event.type === "text") text += event.text;
    else finish = event;
    if (signal?.aborted) break;
  }
  return { text, finish };
}

async function failure(promise: Promise<unknown>): Promise<ModelServerError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof ModelServerError)) throw new Error(`expected a ModelServerError, got ${String(error)}`);
  return error;
}

/** The emulator's reply, read without our client: non-streaming /v1/completions. */
async function rawReply(url: string, request: CompletionRequest): Promise<string> {
  const response = await fetch(`${url}/v1/completions`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ prompt: request.prompt, max_tokens: request.maxTokens, stop: request.stop, stream: false }),
  });
  const body = (await response.json()) as { choices: { text: string }[] };
  return body.choices[0]?.text ?? "";
}

async function withEmulator<T>(
  options: EmulatorOptions,
  body: (emulator: Emulator, server: ModelServer) => Promise<T>,
): Promise<T> {
  const emulator = await startEmulator({ port: 0, tokensPerSecond: 0, ...options });
  try {
    return await body(
      emulator,
      createTgiServer({ url: emulator.url, timeoutMs: 10_000, ...(options.apiKey ? { apiKey: options.apiKey } : {}) }),
    );
  } finally {
    await emulator.close();
  }
}

let emulator: Emulator;
let server: ModelServer;
const never = () => new AbortController().signal;

beforeAll(async () => {
  emulator = await startEmulator({ port: 0, tokensPerSecond: 0 });
  server = createTgiServer({ url: emulator.url, timeoutMs: 10_000 });
});

afterAll(async () => {
  await emulator?.close();
});

describe("createTgiServer against the emulator: info, health, tokens", () => {
  it("reads /info", async () => {
    expect(await server.info()).toEqual({
      modelId: "phogpt-4b-chat-emulator",
      maxInputTokens: 7168,
      maxTotalTokens: 8192,
      maxConcurrentRequests: 128,
      version: "3.3.6-dev0",
      isEmulator: true,
    });
  });

  it("reads /health, including an unhealthy server", async () => {
    expect(await server.health()).toBe(true);
    await emulator.setFaults({ unhealthy: true });
    try {
      expect(await server.health()).toBe(false);
    } finally {
      await emulator.reset();
    }
  });

  it("counts tokens as the real PhoGPT tokenizer does", async () => {
    const texts = [
      "### Câu hỏi: Xin chào\n### Trả lời:",
      "Thủ đô của Việt Nam là Hà Nội. 😀 ```js\nconsole.log(1)\n```",
      "### Câu hỏi: a\n### Trả lời: b</s>\n### Câu hỏi: c\n### Trả lời:",
    ];
    for (const text of texts) {
      expect(await server.countTokens(text)).toBe(tokenizer.encode(text).ids.length);
    }
    expect(await server.countTokens(texts[0] ?? "")).toBe(13);
  });
});

describe("createTgiServer against the emulator: complete", () => {
  it("streams the reply and finishes with eos and usage", async () => {
    const request = ask("Thủ đô của Việt Nam là gì?");
    const { text, finish } = await drain(server.complete(request, never()));
    expect(text).toBe(await rawReply(emulator.url, request));
    expect(text.startsWith(" Bạn hỏi: «Thủ đô của Việt Nam là gì?»")).toBe(true);
    expect(text).not.toContain("</s>");
    expect(finish).toEqual({
      type: "finish",
      reason: "eos",
      usage: { promptTokens: tokenizer.encode(request.prompt).ids.length, completionTokens: expect.any(Number) },
    });
  });

  it("finishes with length when maxTokens runs out", async () => {
    const { finish } = await drain(server.complete(ask("Kể chuyện dài [[len=200]]", { maxTokens: 5 }), never()));
    expect(finish).toMatchObject({ reason: "length", usage: { completionTokens: 5 } });
  });

  it("finishes with stop when the model writes the next turn, keeping the stop string in the text", async () => {
    const { text, finish } = await drain(server.complete(ask("Kể tiếp [[echo-stop]]"), never()));
    expect(finish?.reason).toBe("stop");
    expect(text.endsWith(TURN_STOP)).toBe(true);
  });

  it("sends the sampling parameters", async () => {
    await drain(
      server.complete(
        ask("Tham số", { temperature: 0.7, topP: 0.8, topK: 50, repetitionPenalty: 1.1, seed: 42, maxTokens: 64 }),
        never(),
      ),
    );
    expect(emulator.state().requests.at(-1)?.parameters).toMatchObject({
      temperature: 0.7,
      top_p: 0.8,
      repetition_penalty: 1.1,
      seed: 42,
      max_new_tokens: 64,
      stop: [TURN_STOP],
    });
  });
});

describe("createTgiServer against the emulator: errors", () => {
  it("classifies a prompt over the token budget as validation, with the counts", async () => {
    await withEmulator({ maxInputTokens: 100, maxTotalTokens: 200 }, async (_emulator, small) => {
      const underInputLimit = ask("phở ".repeat(60));
      const inputTokens = tokenizer.encode(underInputLimit.prompt).ids.length;
      expect(inputTokens).toBeLessThan(100);
      const total = await failure(drain(small.complete({ ...underInputLimit, maxTokens: 150 }, never())));
      expect(total.kind).toBe("validation");
      expect(total).toMatchObject({ limit: 200, maxNewTokens: 150, inputTokens });

      const input = await failure(drain(small.complete(ask("phở ".repeat(150), { maxTokens: 10 }), never())));
      expect(input).toMatchObject({
        kind: "validation",
        limit: 100,
        inputTokens: tokenizer.encode(ask("phở ".repeat(150)).prompt).ids.length,
      });
    });
  });

  it("classifies a second request beyond max concurrent requests as overloaded", async () => {
    await withEmulator({ maxConcurrentRequests: 1 }, async (busy, slow) => {
      const controller = new AbortController();
      const first = slow.complete(ask("Dài [[len=2000]] [[rate=20]]"), controller.signal)[Symbol.asyncIterator]();
      expect((await first.next()).value).toMatchObject({ type: "text" });
      const second = await failure(drain(slow.complete(ask("Thứ hai"), never())));
      expect(second.kind).toBe("overloaded");
      controller.abort();
      await expect(first.next()).rejects.toMatchObject({ name: "AbortError" });
      await busy.waitForIdle();
      expect(busy.state().requests.map((r) => r.outcome)).toEqual(["aborted", "overloaded"]);
    });
  });

  it("classifies a failure during generation, before and after the first token", async () => {
    const seen: string[] = [];
    const after = await failure(
      (async () => {
        for await (const event of server.complete(ask("Lỗi [[fail-after=3]]"), never()))
          if (event.type === "text") seen.push(event.text);
      })(),
    );
    expect(after.kind).toBe("generation");
    expect(seen).toHaveLength(3);
    expect((await failure(drain(server.complete(ask("Lỗi [[fail-before]]"), never())))).kind).toBe("generation");
  });

  it("classifies a stream cut without its last event as incomplete", async () => {
    expect((await failure(drain(server.complete(ask("Đứt [[close-after=4]]"), never())))).kind).toBe("incomplete");
  });

  it("classifies a stream that stalls as timeout, and frees the slot", async () => {
    await withEmulator({}, async (stalling) => {
      const impatient = createTgiServer({ url: stalling.url, timeoutMs: 300 });
      expect((await failure(drain(impatient.complete(ask("Treo [[stall-after=2]]"), never())))).kind).toBe("timeout");
      expect((await failure(drain(impatient.complete(ask("Treo [[stall-after=0]]"), never())))).kind).toBe("timeout");
      await stalling.waitForIdle();
      expect(stalling.state().requests.map((r) => r.outcome)).toEqual(["aborted", "aborted"]);
    });
  });

  it("does not count the time a slow reader holds an event as the server's silence", async () => {
    const patient = createTgiServer({ url: emulator.url, timeoutMs: 300 });
    const events: CompletionEvent[] = [];
    for await (const event of patient.complete(ask("Chậm thôi [[len=4]]"), never())) {
      events.push(event);
      if (events.length <= 2) await new Promise((resolve) => setTimeout(resolve, 700));
    }
    expect(events.at(-1)).toMatchObject({ type: "finish" });
    expect(events.filter((event) => event.type === "text").length).toBeGreaterThan(0);
  });

  it("classifies a refused connection and a dropped request as unreachable", async () => {
    const closed = await startEmulator({ port: 0 });
    await closed.close();
    const gone = createTgiServer({ url: closed.url, timeoutMs: 5_000 });
    expect((await failure(drain(gone.complete(ask("Có ai không?"), never())))).kind).toBe("unreachable");
    expect((await failure(gone.info())).kind).toBe("unreachable");
    expect((await failure(gone.countTokens("a"))).kind).toBe("unreachable");
    expect(await gone.health()).toBe(false);

    expect((await failure(drain(server.complete(ask("Mất [[drop]]"), never())))).kind).toBe("unreachable");
  });

  it("classifies a missing or wrong API key as unauthorized, and works with the right one", async () => {
    await withEmulator({ apiKey: "right-key" }, async (locked, withKey) => {
      for (const apiKey of [undefined, "wrong-key"]) {
        const client = createTgiServer({ url: locked.url, timeoutMs: 5_000, ...(apiKey ? { apiKey } : {}) });
        expect((await failure(drain(client.complete(ask("Xin chào"), never())))).kind).toBe("unauthorized");
        expect((await failure(client.countTokens("Xin chào"))).kind).toBe("unauthorized");
        expect((await client.info()).modelId).toBe("phogpt-4b-chat-emulator"); // /info stays open
      }
      expect((await drain(withKey.complete(ask("Xin chào"), never()))).finish?.reason).toBe("eos");
      expect(await withKey.countTokens("Xin chào")).toBe(tokenizer.encode("Xin chào").ids.length);
    });
  });
});

describe("createTgiServer against the emulator: cancelling", () => {
  it("frees the emulator's slot when the caller aborts", async () => {
    await withEmulator({ tokensPerSecond: 20 }, async (slowEmulator, slow) => {
      const controller = new AbortController();
      const reason = new DOMException("user pressed stop", "AbortError");
      const events = slow.complete(ask("Dài [[len=2000]]"), controller.signal)[Symbol.asyncIterator]();
      expect((await events.next()).value).toMatchObject({ type: "text" });
      expect(slowEmulator.inFlight).toBe(1);
      controller.abort(reason);
      await expect(events.next()).rejects.toBe(reason);
      await slowEmulator.waitForIdle();
      expect(slowEmulator.state().requests.at(-1)?.outcome).toBe("aborted");
    });
  });

  it("frees the emulator's slot when the caller stops iterating", async () => {
    await withEmulator({ tokensPerSecond: 20 }, async (slowEmulator, slow) => {
      for await (const event of slow.complete(ask("Dài [[len=2000]]"), never())) {
        expect(event.type).toBe("text");
        break;
      }
      await slowEmulator.waitForIdle();
      expect(slowEmulator.state().requests.at(-1)?.outcome).toBe("aborted");
    });
  });
});
