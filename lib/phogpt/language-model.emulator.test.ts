// The PhoGPT language model through the real AI SDK (streamText, toUIMessageStream) against the
// TGI emulator over HTTP: nothing is mocked.
import { streamText, toUIMessageStream, type ModelMessage } from "ai";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startEmulator, type Emulator } from "@/inference/emulator/server";
import { isModelServerError, ModelServerError } from "@/lib/model-server/errors";
import { createTgiServer } from "@/lib/model-server/tgi-server";
import { createPhoGptLanguageModel } from "./language-model";
import { buildPhoGptPrompt, TURN_STOP } from "./prompt";

let emulator: Emulator;

beforeAll(async () => {
  emulator = await startEmulator({ port: 0, tokensPerSecond: 0 });
});
afterAll(async () => {
  await emulator?.close();
});
beforeEach(async () => {
  await emulator.reset();
});

const phogpt = (url = emulator.url, timeoutMs = 10_000) =>
  createPhoGptLanguageModel({ server: createTgiServer({ url, timeoutMs }) });

/** The emulator's raw reply to a prompt, read without our code: non-streaming /v1/completions. */
async function rawReply(prompt: string, maxTokens = 1024): Promise<string> {
  const response = await fetch(`${emulator.url}/v1/completions`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ prompt, max_tokens: maxTokens, stop: [TURN_STOP], stream: false }),
  });
  const body = (await response.json()) as { choices: { text: string }[] };
  return body.choices[0]?.text ?? "";
}

/** What the app must show: no leading space, nothing from the stop string on. */
function expectedAnswer(raw: string): string {
  const cut = raw.indexOf(TURN_STOP);
  return (cut === -1 ? raw : raw.slice(0, cut)).replace(/^ /, "");
}

async function run(options: Parameters<typeof streamText>[0]) {
  const errors: unknown[] = [];
  const result = streamText({ onError: ({ error }) => void errors.push(error), ...options });
  const parts: { type: string; [key: string]: unknown }[] = [];
  for await (const part of result.stream) parts.push(part);
  const text = parts.map((p) => (p.type === "text-delta" ? String(p.text) : "")).join("");
  return { parts, text, errors, result };
}

describe("PhoGPT language model through streamText and the emulator", () => {
  it("streams the reply without the leading space, with usage", async () => {
    const question = "Thủ đô của Việt Nam là gì?";
    const { text, result } = await run({ model: phogpt(), prompt: question });
    const raw = await rawReply(buildPhoGptPrompt([{ role: "user", content: question }]));
    expect(raw.startsWith(" ")).toBe(true);
    expect(text).toBe(expectedAnswer(raw));
    expect(await result.finishReason).toBe("stop");
    expect((await result.usage).inputTokens).toBe(emulator.state().requests.at(-1)?.promptTokens);
  });

  it("removes the turn marker the model writes and everything after it", async () => {
    const question = "Kể tiếp [[echo-stop]]";
    const { text, result } = await run({ model: phogpt(), prompt: question });
    const raw = await rawReply(buildPhoGptPrompt([{ role: "user", content: question }]));
    expect(raw).toContain(TURN_STOP);
    expect(text).toBe(expectedAnswer(raw));
    expect(text).not.toContain("###");
    expect(await result.finishReason).toBe("stop");
  });

  it("reports length when maxOutputTokens runs out", async () => {
    const { result } = await run({ model: phogpt(), prompt: "Dài [[len=300]]", maxOutputTokens: 8 });
    expect(await result.finishReason).toBe("length");
    expect((await result.usage).outputTokens).toBe(8);
  });

  it("sends a multi-turn conversation exactly as buildPhoGptPrompt renders it", async () => {
    const messages: ModelMessage[] = [
      { role: "user", content: "  Xin chào!  " },
      { role: "assistant", content: "Chào bạn, tôi có thể giúp gì?" },
      { role: "user", content: "Phở là gì?\n```\nmã\n```" },
      { role: "assistant", content: "Phở là món ăn." },
      { role: "user", content: "Còn bún chả? 😀" },
    ];
    const { text } = await run({ model: phogpt(), messages, temperature: 0.5, stopSequences: ["KẾT THÚC"] });
    const received = emulator.state().requests.at(-1);
    const expectedPrompt = buildPhoGptPrompt(
      messages.map((m) => ({ role: m.role as "user" | "assistant", content: String(m.content) })),
    );
    expect(received?.prompt).toBe(expectedPrompt);
    expect(received?.questionCount).toBe(3);
    expect(received?.parameters).toMatchObject({
      temperature: 0.5,
      top_p: 0.9,
      max_new_tokens: 1024,
      stop: [TURN_STOP, "KẾT THÚC"],
    });
    expect(text).toBe(expectedAnswer(await rawReply(expectedPrompt)));
  });

  it("continues an open assistant turn", async () => {
    const messages: ModelMessage[] = [
      { role: "user", content: "Kể chuyện" },
      { role: "assistant", content: "Ngày xửa ngày xưa" },
    ];
    const { text } = await run({ model: phogpt(), messages });
    const prompt = emulator.state().requests.at(-1)?.prompt;
    expect(prompt).toBe("### Câu hỏi: Kể chuyện\n### Trả lời: Ngày xửa ngày xưa");
    // The continuation is appended as is: its leading space separates it from the open text.
    expect(text).toBe((await rawReply(prompt ?? "")).split(TURN_STOP)[0]);
    expect(text.startsWith(" ")).toBe(true);
  });

  it("ends quietly on abort mid-stream and frees the emulator's slot", async () => {
    const slow = await startEmulator({ port: 0, tokensPerSecond: 20 });
    try {
      const controller = new AbortController();
      const errors: unknown[] = [];
      const result = streamText({
        model: phogpt(slow.url),
        prompt: "Dài [[len=2000]]",
        abortSignal: controller.signal,
        onError: ({ error }) => void errors.push(error),
      });
      const types: string[] = [];
      for await (const part of result.stream) {
        types.push(part.type);
        if (part.type === "text-delta") controller.abort();
      }
      expect(types).toContain("text-delta");
      expect(types.at(-1)).toBe("abort");
      expect(errors).toEqual([]);
      await slow.waitForIdle();
      expect(slow.state().requests.at(-1)?.outcome).toBe("aborted");
    } finally {
      await slow.close();
    }
  });

  describe("errors surface as an error part carrying the ModelServerError", () => {
    const cases = [
      { name: "validation (prompt too long)", prompt: "phở ".repeat(7200), kind: "validation", textBefore: false },
      {
        name: "generation failure before the first token",
        prompt: "Lỗi [[fail-before]]",
        kind: "generation",
        textBefore: false,
      },
      { name: "generation failure mid-stream", prompt: "Lỗi [[fail-after=5]]", kind: "generation", textBefore: true },
      { name: "stream cut off", prompt: "Đứt [[close-after=5]]", kind: "incomplete", textBefore: true },
    ] as const;

    for (const c of cases) {
      it(c.name, async () => {
        const { parts, errors, text } = await run({ model: phogpt(), prompt: c.prompt, maxRetries: 0 });
        const errorParts = parts.filter((p) => p.type === "error");
        expect(errorParts).toHaveLength(1);
        const error = errorParts[0]?.error;
        expect(isModelServerError(error) && error.kind).toBe(c.kind);
        expect(errors).toEqual([error]);
        expect(text.length > 0).toBe(c.textBefore);
      });
    }

    it("validation errors keep their token counts", async () => {
      const question = "phở ".repeat(7200);
      const { errors } = await run({ model: phogpt(), prompt: question });
      const inputTokens = await createTgiServer({ url: emulator.url, timeoutMs: 10_000 }).countTokens(
        buildPhoGptPrompt([{ role: "user", content: question }]),
      );
      expect(errors[0]).toBeInstanceOf(ModelServerError);
      // TGI checks inputs + max_new_tokens against max_total_tokens first.
      expect(errors[0]).toMatchObject({ kind: "validation", limit: 8192, maxNewTokens: 1024, inputTokens });
    });

    it("unreachable server", async () => {
      const closed = await startEmulator({ port: 0 });
      await closed.close();
      const { errors, parts } = await run({ model: phogpt(closed.url), prompt: "Có ai không?" });
      expect(errors).toHaveLength(1);
      expect(errors[0]).toMatchObject({ kind: "unreachable" });
      expect(parts.filter((p) => p.type === "text-delta")).toEqual([]);
    });

    it("reaches the UI message stream through onError", async () => {
      const result = streamText({ model: phogpt(), prompt: "Lỗi [[fail-after=2]]", onError: () => {} });
      const chunks: { type: string; errorText?: string }[] = [];
      const ui = toUIMessageStream({
        stream: result.stream,
        onError: (error) => (isModelServerError(error) ? `model:${error.kind}` : "unknown"),
      });
      for await (const chunk of ui) chunks.push(chunk);
      expect(chunks.filter((c) => c.type === "error")).toEqual([{ type: "error", errorText: "model:generation" }]);
    });
  });
});
