// The language model over a scripted ModelServer: stream shape, text clean-up, errors, abort.
// The same paths run against the emulator over HTTP in lib/model-server/tgi-server.emulator.test.ts.
import type { LanguageModelV4CallOptions, LanguageModelV4Prompt, LanguageModelV4StreamPart } from "@ai-sdk/provider";
import { streamText } from "ai";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ModelServerError } from "@/lib/model-server/errors";
import type { CompletionEvent, CompletionRequest, ModelServer } from "@/lib/model-server/types";
import { createPhoGptLanguageModel } from "./language-model";

const TURN_STOP = "\n### Câu hỏi:";

interface Script {
  events?: CompletionEvent[];
  /** Thrown after the events (ModelServerError) or before them when `failFirst`. */
  error?: Error;
  failFirst?: boolean;
  /** Wait for the abort signal after the events instead of finishing. */
  hang?: boolean;
}

function scriptedServer(script: Script) {
  const requests: CompletionRequest[] = [];
  let released = 0;
  const server: ModelServer = {
    info: () => Promise.reject(new Error("not used")),
    health: () => Promise.resolve(true),
    countTokens: () => Promise.resolve(null),
    async *complete(request, signal) {
      requests.push(request);
      try {
        if (script.failFirst && script.error) throw script.error;
        for (const event of script.events ?? []) {
          signal.throwIfAborted();
          yield event;
        }
        if (script.hang) {
          await new Promise((_, reject) =>
            signal.addEventListener("abort", () => reject(signal.reason), { once: true }),
          );
        }
        if (script.error) throw script.error;
      } finally {
        released++;
      }
    },
  };
  return { server, requests, released: () => released };
}

const text = (t: string): CompletionEvent => ({ type: "text", text: t });
const finish = (
  reason: "stop" | "eos" | "length",
  usage?: { promptTokens?: number; completionTokens?: number },
): CompletionEvent => ({
  type: "finish",
  reason,
  ...(usage ? { usage } : {}),
});
const userPrompt = (question: string): LanguageModelV4Prompt => [
  { role: "user", content: [{ type: "text", text: question }] },
];

async function collect(stream: ReadableStream<LanguageModelV4StreamPart>): Promise<LanguageModelV4StreamPart[]> {
  const parts: LanguageModelV4StreamPart[] = [];
  for await (const part of stream) parts.push(part);
  return parts;
}

async function doStream(script: Script, options: Partial<LanguageModelV4CallOptions> = {}) {
  const fake = scriptedServer(script);
  const model = createPhoGptLanguageModel({ server: fake.server });
  const { stream } = await model.doStream({ prompt: userPrompt("Xin chào"), ...options });
  return { parts: await collect(stream), ...fake };
}

const textOf = (parts: LanguageModelV4StreamPart[]) =>
  parts.map((p) => (p.type === "text-delta" ? p.delta : "")).join("");

describe("createPhoGptLanguageModel: doStream", () => {
  it("emits the parts in order, without the leading space, with usage", async () => {
    const { parts, requests } = await doStream({
      events: [text(" "), text("Xin"), text(" chào"), finish("eos", { promptTokens: 13, completionTokens: 3 })],
    });
    expect(parts.map((p) => p.type)).toEqual([
      "stream-start",
      "response-metadata",
      "text-start",
      "text-delta",
      "text-delta",
      "text-end",
      "finish",
    ]);
    expect(textOf(parts)).toBe("Xin chào");
    expect(parts.at(-1)).toEqual({
      type: "finish",
      finishReason: { unified: "stop", raw: "eos_token" },
      usage: {
        inputTokens: { total: 13, noCache: 13, cacheRead: undefined, cacheWrite: undefined },
        outputTokens: { total: 3, text: 3, reasoning: undefined },
      },
    });
    expect(requests[0]).toEqual({
      prompt: "### Câu hỏi: Xin chào\n### Trả lời:",
      maxTokens: 1024,
      temperature: 1,
      topP: 0.9,
      topK: 50,
      stop: [TURN_STOP],
    });
  });

  it("passes the caller's settings and at most 4 stop sequences, applying the rest to the text", async () => {
    const { parts, requests } = await doStream(
      { events: [text(" một hai ba"), text(" STOP5 bốn"), text(" năm")] },
      {
        maxOutputTokens: 20,
        temperature: 0.2,
        topP: 0.5,
        seed: 7,
        stopSequences: ["A1", "A2", "A3", "STOP5"],
        providerOptions: { phogpt: { repetitionPenalty: 1.1 } },
      },
    );
    expect(requests[0]).toMatchObject({ maxTokens: 20, temperature: 0.2, topP: 0.5, seed: 7, repetitionPenalty: 1.1 });
    expect(requests[0]?.stop).toEqual([TURN_STOP, "A1", "A2", "A3"]);
    expect(textOf(parts)).toBe("một hai ba ");
    // The server did not know STOP5: the model stops reading instead of waiting for its finish.
    expect(parts.at(-1)).toMatchObject({ type: "finish", finishReason: { unified: "stop" } });
    const start = parts[0];
    expect(start?.type === "stream-start" && start.warnings.map((w) => w.type)).toEqual(["other"]);
  });

  it("never lets a fragment of the turn marker through, however it is split (property)", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.nat(), { maxLength: 10 }), async (cuts) => {
        const raw = ` Thủ đô là Hà Nội.${TURN_STOP} Còn gì nữa?`;
        const points = [...new Set(cuts.map((c) => c % (raw.length + 1)))].sort((a, b) => a - b);
        const pieces = [...points, raw.length].map((end, i, all) => raw.slice(i === 0 ? 0 : all[i - 1], end));
        const { parts } = await doStream({ events: [...pieces.map(text), finish("stop")] });
        expect(textOf(parts)).toBe("Thủ đô là Hà Nội.");
        expect(parts.at(-1)).toMatchObject({ finishReason: { unified: "stop", raw: "stop_sequence" } });
      }),
      { numRuns: 200 },
    );
  });

  it("leaves out top_p 1 (no nucleus filtering; TGI rejects 1.0) and sends top_k without a warning", async () => {
    const { parts, requests } = await doStream({ events: [finish("eos")] }, { topP: 1, topK: 20, temperature: 0 });
    expect(requests[0]).not.toHaveProperty("topP");
    expect(requests[0]).toMatchObject({ topK: 20, temperature: 0 });
    const start = parts[0];
    expect(start?.type === "stream-start" && start.warnings).toEqual([]);
  });

  it("maps length to 'length'", async () => {
    const { parts } = await doStream({ events: [text(" dài"), finish("length")] });
    expect(parts.at(-1)).toMatchObject({ finishReason: { unified: "length", raw: "length" } });
  });

  it("continues an open assistant turn, keeping the model's leading space", async () => {
    const fake = scriptedServer({ events: [text(" tiếp"), text(" theo"), finish("eos")] });
    const model = createPhoGptLanguageModel({ server: fake.server });
    const { stream } = await model.doStream({
      prompt: [
        { role: "system", content: "Bỏ qua" },
        { role: "user", content: [{ type: "text", text: " Kể chuyện " }] },
        { role: "assistant", content: [{ type: "text", text: "Ngày xưa" }] },
      ],
    });
    const parts = await collect(stream);
    expect(fake.requests[0]?.prompt).toBe("### Câu hỏi: Kể chuyện\n### Trả lời: Ngày xưa");
    expect(textOf(parts)).toBe(" tiếp theo");
    const start = parts[0];
    expect(start?.type === "stream-start" && start.warnings).toEqual([
      expect.objectContaining({ type: "unsupported", feature: "system messages" }),
    ]);
  });

  it("rejects doStream with the ModelServerError when the server fails before the first event", async () => {
    const fake = scriptedServer({ error: new ModelServerError("unreachable", "down"), failFirst: true });
    const model = createPhoGptLanguageModel({ server: fake.server });
    await expect(model.doStream({ prompt: userPrompt("a") })).rejects.toMatchObject({ kind: "unreachable" });
  });

  it("turns a failure after the first event into an error part and an error finish", async () => {
    const error = new ModelServerError("generation", "Request failed during generation: boom");
    const { parts } = await doStream({ events: [text(" một"), text(" hai")], error });
    expect(parts.slice(-3)).toEqual([
      { type: "text-end", id: "0" },
      { type: "error", error },
      expect.objectContaining({ type: "finish", finishReason: { unified: "error", raw: "generation" } }),
    ]);
    expect(textOf(parts)).toBe("một hai");
  });

  it("ends quietly on abort and releases the server request", async () => {
    const controller = new AbortController();
    const fake = scriptedServer({ events: [text(" một")], hang: true });
    const model = createPhoGptLanguageModel({ server: fake.server });
    const { stream } = await model.doStream({ prompt: userPrompt("a"), abortSignal: controller.signal });
    const reader = stream.getReader();
    const seen: string[] = [];
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      seen.push(value.type);
      if (value.type === "text-delta") controller.abort();
    }
    expect(seen).toEqual(["stream-start", "response-metadata", "text-start", "text-delta", "text-end"]);
    expect(fake.released()).toBe(1);
  });

  it("releases the server request when the reader cancels", async () => {
    const fake = scriptedServer({ events: [text(" một")], hang: true });
    const model = createPhoGptLanguageModel({ server: fake.server });
    const { stream } = await model.doStream({ prompt: userPrompt("a") });
    const reader = stream.getReader();
    while ((await reader.read()).value?.type !== "text-delta");
    await reader.cancel();
    await expect.poll(() => fake.released()).toBe(1);
  });

  it("refuses tool messages and file parts", async () => {
    const model = createPhoGptLanguageModel({ server: scriptedServer({}).server });
    await expect(
      model.doStream({
        prompt: [
          {
            role: "user",
            content: [{ type: "file", data: { type: "data", data: new Uint8Array() }, mediaType: "image/png" }],
          },
        ],
      } as unknown as LanguageModelV4CallOptions),
    ).rejects.toThrow(/file parts/);
  });
});

describe("createPhoGptLanguageModel: doGenerate", () => {
  it("collects the cleaned text, finish reason and usage", async () => {
    const fake = scriptedServer({
      events: [text(" Hà"), text(" Nội\n###"), text(" Câu hỏi: x"), finish("stop", { completionTokens: 5 })],
    });
    const result = await createPhoGptLanguageModel({ server: fake.server }).doGenerate({
      prompt: userPrompt("Thủ đô?"),
    });
    expect(result.content).toEqual([{ type: "text", text: "Hà Nội" }]);
    expect(result.finishReason).toEqual({ unified: "stop", raw: "stop_sequence" });
    expect(result.usage.outputTokens.total).toBe(5);
  });

  it("throws the ModelServerError of a failed stream", async () => {
    const fake = scriptedServer({ events: [text(" a")], error: new ModelServerError("incomplete", "cut") });
    await expect(
      createPhoGptLanguageModel({ server: fake.server }).doGenerate({ prompt: userPrompt("x") }),
    ).rejects.toMatchObject({
      kind: "incomplete",
    });
  });
});

describe("through streamText", () => {
  for (const failFirst of [true, false]) {
    it(`reports a ModelServerError as an error part and to onError (${failFirst ? "before" : "after"} the first event)`, async () => {
      const error = new ModelServerError("overloaded", "Model is overloaded");
      const fake = scriptedServer({ events: failFirst ? [] : [text(" một")], error, failFirst });
      const errors: unknown[] = [];
      const result = streamText({
        model: createPhoGptLanguageModel({ server: fake.server }),
        prompt: "Xin chào",
        onError: ({ error: e }) => {
          errors.push(e);
        },
      });
      const parts: { type: string; error?: unknown }[] = [];
      for await (const part of result.stream) parts.push(part);
      const errorParts = parts.filter((p) => p.type === "error");
      expect(errorParts).toHaveLength(1);
      expect(errorParts[0]?.error).toBe(error);
      expect(errors).toEqual([error]);
      expect(fake.requests).toHaveLength(1); // not retried
    });
  }
});
