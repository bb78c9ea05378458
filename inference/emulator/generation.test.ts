// Replies over HTTP: stop sequences, length, usage, determinism, history, multi-byte tokens, pacing, the request log.

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type Emulator } from "./server.ts";
import { postJson, postStream, type StreamResult } from "./testing/http.ts";
import { ask, chatPrompt } from "./testing/prompts.ts";

let emu: Emulator;
beforeAll(async () => {
  emu = await startEmulator({ tokensPerSecond: 0 });
});
afterAll(() => emu.close());

const STOP = "\n### Câu hỏi:";

type Chunk = {
  choices: { text: string; finish_reason: string }[];
  usage?: { prompt_tokens: number; completion_tokens: number; total_tokens: number };
};

function completionText(stream: StreamResult): string {
  return (stream.json as Chunk[]).map((c) => c.choices[0]?.text ?? "").join("");
}

function finish(stream: StreamResult): Chunk {
  return stream.json.at(-1) as Chunk;
}

const completions = (prompt: string, extra: Record<string, unknown> = {}) =>
  postStream(emu.url, "/v1/completions", {
    model: "tgi",
    prompt,
    stream: true,
    max_tokens: 1000,
    stop: [STOP],
    ...extra,
  });

describe("stop sequences", () => {
  it("stop at a matched stop string with stop_sequence, keeping the string in the text", async () => {
    const stream = await completions(ask("[[echo-stop]] Kể tiếp"));
    expect(finish(stream).choices[0]?.finish_reason).toBe("stop_sequence");
    expect(completionText(stream).endsWith(STOP)).toBe(true);

    const res = await postJson(emu.url, "/generate", {
      inputs: ask("[[echo-stop]] Kể tiếp"),
      parameters: { stop: [STOP], details: true },
    });
    const body = (await res.json()) as { generated_text: string; details: { finish_reason: string } };
    expect(body.details.finish_reason).toBe("stop_sequence");
    expect(body.generated_text.endsWith(STOP)).toBe(true);
    expect(body.generated_text).toBe(completionText(stream));
  });

  it("without the stop string the reply runs into the fake turn and ends at EOS", async () => {
    const stream = await completions(ask("[[echo-stop]] Kể tiếp"), { stop: [] });
    expect(finish(stream).choices[0]?.finish_reason).toBe("eos_token");
    expect(completionText(stream)).toContain(`${STOP} Câu hỏi này do mô hình tự bịa ra?`);
  });
});

describe("length and usage", () => {
  it("stops with `length` at max_tokens", async () => {
    const stream = await completions(ask("Giải thích thật dài"), { max_tokens: 10 });
    expect(stream.json).toHaveLength(10);
    expect(finish(stream).choices[0]?.finish_reason).toBe("length");
    expect(finish(stream).usage?.completion_tokens).toBe(10);
  });

  it("length wins over EOS when the last allowed token is EOS, as in TGI's stopping criteria", async () => {
    const full = await completions(ask("[[len=4]] Xin chào"));
    expect(full.json).toHaveLength(5);
    expect(finish(full).choices[0]).toMatchObject({ text: "</s>", finish_reason: "eos_token" });
    const capped = await completions(ask("[[len=4]] Xin chào"), { max_tokens: 5 });
    expect(finish(capped).choices[0]).toMatchObject({ text: "</s>", finish_reason: "length" });
  });

  it("counts prompt tokens with the real tokenizer and completion tokens per streamed token, EOS included", async () => {
    const prompt = chatPrompt([{ question: "Xin chào", answer: "Chào bạn!" }, { question: "Bạn khỏe không?" }]);
    const tokens = (await (await postJson(emu.url, "/tokenize", { inputs: prompt })).json()) as unknown[];
    const stream = await completions(prompt);
    expect(finish(stream).usage).toEqual({
      prompt_tokens: tokens.length,
      completion_tokens: stream.json.length,
      total_tokens: tokens.length + stream.json.length,
    });
    const plain = (await (await postJson(emu.url, "/v1/completions", { prompt, max_tokens: 1000 })).json()) as Chunk;
    expect(plain.usage).toEqual(finish(stream).usage);
  });

  it("[[len=500]] gives a ~500-token reply ending with EOS", async () => {
    const stream = await completions(ask("[[len=500]] Viết một bài luận"));
    expect(finish(stream).choices[0]?.finish_reason).toBe("eos_token");
    expect(finish(stream).usage?.completion_tokens).toBeGreaterThanOrEqual(498);
    expect(finish(stream).usage?.completion_tokens).toBeLessThanOrEqual(501);
  });
});

describe("reply content", () => {
  it("is deterministic: the same prompt gives the same reply", async () => {
    const a = completionText(await completions(ask("Thời tiết hôm nay?")));
    const b = completionText(await completions(ask("Thời tiết hôm nay?")));
    const c = completionText(await completions(ask("Thời tiết ngày mai?")));
    expect(a).toBe(b);
    expect(a).not.toBe(c);
  });

  it("names the last question and counts the earlier turns, so an e2e test can check the history arrived", async () => {
    const prompt = chatPrompt([
      { question: "Câu một", answer: "Trả lời một" },
      { question: "Câu hai", answer: "Trả lời hai" },
      { question: "Câu ba" },
    ]);
    const text = completionText(await completions(prompt));
    expect(text.startsWith(" Bạn hỏi: «Câu ba».")).toBe(true);
    expect(text).toContain("lượt thứ 3 của cuộc trò chuyện (2 câu hỏi trước đó)");
    expect(text).toContain("Câu hỏi trước đó: «Câu hai».");
  });

  it("streams split UTF-8 characters as TGI does: an empty text, then the whole character", async () => {
    const stream = await completions(ask("Hà Nội"));
    const texts = (stream.json as Chunk[]).map((c) => c.choices[0]?.text);
    expect(texts).toContain("");
    expect(texts).toContain("»");
    expect(completionText(stream)).not.toContain("\uFFFD");
  });

  it("[[html]] streams raw HTML and Markdown", async () => {
    const text = completionText(await completions(ask("[[html]]")));
    expect(text).toContain("<img src=x onerror=alert(1)>");
    expect(text).toContain("<script>alert(1)</script>");
  });
});

describe("pacing", () => {
  it("paces tokens at tokensPerSecond, and [[rate=N]] overrides it per request", async () => {
    const paced = await startEmulator({ tokensPerSecond: 100 });
    try {
      let t = performance.now();
      const stream = await postStream(paced.url, "/generate_stream", {
        inputs: ask("[[len=9]] Xin chào"),
        parameters: {},
      });
      expect(stream.json).toHaveLength(10);
      expect(performance.now() - t).toBeGreaterThanOrEqual(90);

      t = performance.now();
      const slow = await postStream(paced.url, "/generate_stream", {
        inputs: ask("[[len=4]] [[rate=20]] Xin chào"),
        parameters: {},
      });
      expect(slow.json).toHaveLength(5);
      expect(performance.now() - t).toBeGreaterThanOrEqual(240);

      t = performance.now();
      await postStream(paced.url, "/generate_stream", { inputs: ask("[[len=200]] [[rate=0]]"), parameters: {} });
      expect(performance.now() - t).toBeLessThan(1000);
    } finally {
      await paced.close();
    }
  });
});

describe("GET /emulator/state", () => {
  it("records the prompt and parameters each request arrived with", async () => {
    await emu.reset();
    const prompt = chatPrompt([{ question: "Một", answer: "1" }, { question: "Hai [[lenn=3]]" }]);
    await postStream(emu.url, "/v1/completions", {
      model: "x",
      prompt,
      stream: true,
      max_tokens: 7,
      temperature: 0.5,
      top_k: 50,
      stop: [STOP],
    });
    const state = (await (await fetch(`${emu.url}/emulator/state`)).json()) as ReturnType<Emulator["state"]>;
    expect(state).toMatchObject({ emulator: true, inFlight: 0, tokenizer: "phogpt" });
    expect(state.requests).toHaveLength(1);
    expect(state.requests[0]).toMatchObject({
      seq: 1,
      route: "/v1/completions",
      prompt,
      questionCount: 2,
      lastQuestion: "Hai [[lenn=3]]",
      unknownMarkers: ["[[lenn=3]]"],
      outcome: "finished",
      finishReason: "length",
      generatedTokens: 7,
    });
    expect(state.requests[0]?.parameters).toMatchObject({
      max_new_tokens: 7,
      temperature: 0.5,
      stop: [STOP],
      details: true,
    });
    // TGI drops top_k on /v1/completions.
    expect(state.requests[0]?.parameters.top_k).toBeUndefined();
  });
});
