// Every route against TGI's own OpenAPI document, plus the places where FACTS.md says the server differs.

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type Emulator } from "./server.ts";
import { postJson, postStream } from "./testing/http.ts";
import { OpenApiValidator } from "./testing/openapi.ts";
import { ask, chatPrompt } from "./testing/prompts.ts";

const api = new OpenApiValidator();
let emu: Emulator;

beforeAll(async () => {
  emu = await startEmulator({ tokensPerSecond: 0 });
});
afterAll(() => emu.close());

const prompt = chatPrompt([{ question: "Xin chào", answer: "Chào bạn!" }, { question: "Hà Nội ở đâu?" }]);

describe("validator self-check", () => {
  it("rejects bodies that break the document", () => {
    expect(api.validate("Token", { id: 1, text: "a", logprob: -1, special: false })).toEqual([]);
    expect(api.validate("Token", { id: -1, text: "a", logprob: null, special: "no" })).toEqual([
      "$.id: below minimum 0",
      "$.special: expected a boolean",
    ]);
    expect(api.validate("Token", { id: 1, text: "a", special: false })).toEqual([
      '$: missing required property "logprob"',
    ]);
    expect(api.validate("StreamDetails", { finish_reason: "stop", generated_tokens: 1, input_length: 2 })).toHaveLength(
      1,
    );
    expect(api.validate("GenerateResponse", { generated_text: "x", details: null })).toEqual([]);
    expect(
      api.validate("Completion", { id: "", created: 1, choices: [], model: "m", system_fingerprint: "f", object: "x" }),
    ).not.toEqual([]);
  });
});

describe("GET /health, /info", () => {
  it("/health answers 200 with an empty body", async () => {
    const res = await fetch(`${emu.url}/health`);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe("");
  });

  it("/health answers 503 with a healthcheck ErrorResponse when unhealthy", async () => {
    await emu.setFaults({ unhealthy: true });
    try {
      const res = await fetch(`${emu.url}/health`);
      expect(res.status).toBe(503);
      const body = await res.json();
      expect(api.validate(api.responseSchema("/health", "get", 503, "application/json"), body)).toEqual([]);
      expect(body).toEqual({ error: "unhealthy", error_type: "healthcheck" });
    } finally {
      await emu.setFaults({});
    }
  });

  it("/info is a valid Info naming the emulator", async () => {
    const body = (await (await fetch(`${emu.url}/info`)).json()) as Record<string, unknown>;
    expect(api.validate(api.responseSchema("/info", "get", 200, "application/json"), body)).toEqual([]);
    expect(body.model_id).toMatch(/emulator/);
    expect(body).toMatchObject({
      max_input_tokens: 7168,
      max_total_tokens: 8192,
      max_concurrent_requests: 128,
      max_stop_sequences: 4,
      version: "3.3.6-dev0",
      router: "text-generation-router",
    });
  });
});

describe("POST /tokenize", () => {
  it("returns a valid TokenizeResponse", async () => {
    const res = await postJson(emu.url, "/tokenize", { inputs: ask("Xin chào") });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { id: number }[];
    expect(api.validate(api.responseSchema("/tokenize", "post", 200, "application/json"), body)).toEqual([]);
    expect(body.map((t) => t.id)).toEqual([6, 6, 6, 2551, 6854, 7211, 3333, 177, 6, 6, 6, 5752, 8860]);
  });
});

describe("POST /generate and POST / (non-streaming)", () => {
  it("/generate with details is a valid GenerateResponse", async () => {
    const res = await postJson(emu.url, "/generate", {
      inputs: prompt,
      parameters: { max_new_tokens: 20, details: true, decoder_input_details: true, do_sample: true, seed: 7 },
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { generated_text: string; details: Record<string, unknown> };
    expect(api.validate(api.responseSchema("/generate", "post", 200, "application/json"), body)).toEqual([]);
    expect(body.details).toMatchObject({ finish_reason: "length", generated_tokens: 20, seed: 7 });
    expect((body.details.tokens as unknown[]).length).toBe(20);
    expect((body.details.prefill as { logprob: number | null }[])[0]?.logprob).toBeNull();
    expect(res.headers.get("x-prompt-tokens")).toBe(String((body.details.prefill as unknown[]).length));
  });

  it("/generate without details leaves details out and reports no seed when greedy", async () => {
    const res = await postJson(emu.url, "/generate", { inputs: prompt, parameters: { max_new_tokens: 5 } });
    const body = await res.json();
    expect(api.validate("GenerateResponse", body)).toEqual([]);
    expect(Object.keys(body as object)).toEqual(["generated_text"]);
  });

  it("POST / answers an array of GenerateResponse and, like TGI for a text-generation model, returns the full text", async () => {
    const res = await postJson(emu.url, "/", { inputs: prompt, parameters: { max_new_tokens: 3 } });
    const body = (await res.json()) as { generated_text: string }[];
    expect(api.validate(api.responseSchema("/", "post", 200, "application/json"), body)).toEqual([]);
    expect(body[0]?.generated_text.startsWith(prompt)).toBe(true);
  });
});

describe("POST /generate_stream and POST / with stream", () => {
  for (const route of ["/generate_stream", "/"]) {
    it(`${route} streams valid StreamResponse events`, async () => {
      const stream = await postStream(emu.url, route, {
        inputs: prompt,
        stream: true,
        parameters: { details: true, return_full_text: false },
      });
      expect(stream.status).toBe(200);
      expect(stream.contentType).toBe("text/event-stream");
      expect(stream.done).toBe(false);
      const schema = api.responseSchema("/generate_stream", "post", 200, "text/event-stream");
      for (const event of stream.json) expect(api.validate(schema, event)).toEqual([]);
      expect(stream.json.map((e) => e.index)).toEqual(stream.json.map((_, i) => i + 1));
      const last = stream.json.at(-1) as {
        token: { id: number; text: string; special: boolean };
        generated_text: string;
        details: Record<string, unknown>;
      };
      expect(last.token).toMatchObject({ id: 2, text: "</s>", special: true });
      expect(last.details).toMatchObject({ finish_reason: "eos_token", generated_tokens: stream.json.length });
      expect(last.generated_text.startsWith(" Bạn hỏi: «Hà Nội ở đâu?»")).toBe(true);
      for (const event of stream.json.slice(0, -1))
        expect(event).toMatchObject({ generated_text: null, details: null });
    });
  }
});

describe("POST /v1/completions", () => {
  it("streams Chunk events, a CompletionFinal last chunk with usage, then [DONE] (FACTS.md)", async () => {
    const stream = await postStream(emu.url, "/v1/completions", {
      model: "tgi",
      prompt,
      stream: true,
      max_tokens: 200,
      temperature: 0.7,
      top_p: 0.9,
      top_k: 50,
      details: true,
      stop: ["\n### Câu hỏi:"],
    });
    expect(stream.status).toBe(200);
    expect(stream.done).toBe(true);
    const chunks = stream.json as {
      object: string;
      choices: { text: string; finish_reason: string }[];
      usage?: Record<string, number>;
    }[];
    for (const chunk of chunks.slice(0, -1)) {
      expect(api.validate("Chunk", chunk)).toEqual([]);
      expect(chunk.object).toBe("text_completion");
      // FACTS.md: an empty string, not null, until the last chunk.
      expect(chunk.choices[0]?.finish_reason).toBe("");
      expect(chunk.usage).toBeUndefined();
    }
    const last = chunks.at(-1);
    expect(api.validate("CompletionFinal", last)).toEqual([]);
    expect(last?.object).toBe("text_completion");
    expect(last?.choices[0]?.finish_reason).toBe("eos_token");
    // TGI copies the EOS token's text into the last chunk.
    expect(last?.choices[0]?.text).toBe("</s>");
    expect(last?.usage?.completion_tokens).toBe(chunks.length);
    expect(last?.usage?.total_tokens).toBe((last?.usage?.prompt_tokens ?? 0) + chunks.length);
  });

  it("non-streaming answers a valid CompletionFinal", async () => {
    const res = await postJson(emu.url, "/v1/completions", { model: "tgi", prompt, max_tokens: 500 });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { object: string; choices: { text: string; finish_reason: string }[] };
    expect(api.validate(api.responseSchema("/v1/completions", "post", 200, "application/json"), body)).toEqual([]);
    expect(body.object).toBe("text_completion");
    // Non-streaming goes through FinishReason::format(true), which maps eos_token to "stop".
    expect(body.choices[0]?.finish_reason).toBe("stop");
    expect(body.choices[0]?.text.endsWith("</s>")).toBe(false);
  });

  it("accepts a list of prompts, one choice each", async () => {
    const res = await postJson(emu.url, "/v1/completions", { prompt: [ask("Một"), ask("Hai")], max_tokens: 4 });
    const body = (await res.json()) as {
      choices: { index: number; text: string }[];
      usage: { completion_tokens: number };
    };
    expect(api.validate("CompletionFinal", body)).toEqual([]);
    expect(body.choices.map((c) => c.index)).toEqual([0, 1]);
    expect(body.usage.completion_tokens).toBe(8);
  });
});

describe("error bodies", () => {
  it("non-streaming validation errors are 422 ErrorResponse", async () => {
    for (const route of ["/generate", "/"]) {
      const res = await postJson(emu.url, route, { inputs: "", parameters: {} });
      expect(res.status).toBe(422);
      expect(api.validate(api.responseSchema(route, "post", 422, "application/json"), await res.json())).toEqual([]);
    }
    const res = await postJson(emu.url, "/v1/completions", { prompt: "", max_tokens: 5 });
    expect(res.status).toBe(422);
    expect(
      api.validate(api.responseSchema("/v1/completions", "post", 422, "application/json"), await res.json()),
    ).toEqual([]);
  });

  it("in-stream errors come with HTTP 200: ErrorResponse on /generate_stream, OpenAI shape on /v1/completions (FACTS.md)", async () => {
    const native = await postStream(emu.url, "/generate_stream", { inputs: "", parameters: {} });
    expect(native.status).toBe(200);
    expect(native.json).toHaveLength(1);
    expect(
      api.validate(api.responseSchema("/generate_stream", "post", 422, "text/event-stream"), native.json[0]),
    ).toEqual([]);

    const openai = await postStream(emu.url, "/v1/completions", { prompt: "", stream: true, max_tokens: 5 });
    expect(openai.status).toBe(200);
    expect(openai.json[0]).toEqual({
      error: { message: "Input validation error: `inputs` cannot be empty", http_status_code: 422 },
    });
    expect(api.validate("ErrorResponse", openai.json[0])).not.toEqual([]);
    expect(openai.done).toBe(true);
  });
});
