// Validation, overload and auth errors, in the shapes and with the status codes TGI uses.

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type Emulator } from "./server.ts";
import { postJson, postStream } from "./testing/http.ts";
import { streamSse } from "./testing/sse.ts";
import { ask } from "./testing/prompts.ts";

let emu: Emulator;
beforeAll(async () => {
  emu = await startEmulator({ tokensPerSecond: 0 });
});
afterAll(() => emu.close());

const hashes = (n: number): string => "#".repeat(n); // one token per '#'

interface Case {
  name: string;
  inputs: string;
  parameters: Record<string, unknown>;
  message: string;
}

const cases: Case[] = [
  { name: "empty inputs", inputs: "", parameters: {}, message: "`inputs` cannot be empty" },
  {
    name: "too many stop sequences",
    inputs: ask("Xin chào"),
    parameters: { stop: ["a", "b", "c", "d", "e"] },
    message: "`stop` supports up to 4 stop sequences. Given: 5",
  },
  {
    name: "inputs + max_new_tokens over max_total_tokens",
    inputs: hashes(8000),
    parameters: { max_new_tokens: 1024 },
    message:
      "`inputs` tokens + `max_new_tokens` must be <= 8192. Given: 8000 `inputs` tokens and 1024 `max_new_tokens`",
  },
  {
    name: "inputs over max_input_tokens",
    inputs: hashes(7200),
    parameters: { max_new_tokens: 100 },
    message: "`inputs` must have less than 7168 tokens. Given: 7200",
  },
  {
    name: "max_new_tokens 0",
    inputs: ask("Xin chào"),
    parameters: { max_new_tokens: 0 },
    message: "`max_new_tokens` must be strictly positive",
  },
  { name: "top_p 1.0", inputs: ask("x"), parameters: { top_p: 1 }, message: "`top_p` must be > 0.0 and < 1.0" },
  { name: "top_k 0", inputs: ask("x"), parameters: { top_k: 0 }, message: "`top_k` must be strictly positive" },
  {
    name: "temperature 0 on the native routes",
    inputs: ask("x"),
    parameters: { temperature: 0 },
    message: "`temperature` must be strictly positive",
  },
];

describe.each(cases)("validation: $name", ({ inputs, parameters, message }) => {
  const error = `Input validation error: ${message}`;

  it("/generate answers 422 validation", async () => {
    const res = await postJson(emu.url, "/generate", { inputs, parameters });
    expect(res.status).toBe(422);
    expect(await res.json()).toEqual({ error, error_type: "validation" });
  });

  it("/generate_stream answers 200 with one in-stream error event", async () => {
    const stream = await postStream(emu.url, "/generate_stream", { inputs, parameters });
    expect(stream.status).toBe(200);
    expect(stream.json).toEqual([{ error, error_type: "validation" }]);
    expect(stream.done).toBe(false);
  });
});

describe("validation on /v1/completions", () => {
  const completionCases = [
    { body: { prompt: "", max_tokens: 5 }, message: "`inputs` cannot be empty" },
    {
      body: { prompt: ask("x"), max_tokens: 5, stop: ["1", "2", "3", "4", "5"] },
      message: "`stop` supports up to 4 stop sequences. Given: 5",
    },
    {
      body: { prompt: hashes(8000), max_tokens: 1024 },
      message:
        "`inputs` tokens + `max_new_tokens` must be <= 8192. Given: 8000 `inputs` tokens and 1024 `max_new_tokens`",
    },
    {
      body: { prompt: hashes(7200), max_tokens: 100 },
      message: "`inputs` must have less than 7168 tokens. Given: 7200",
    },
  ];

  it.each(completionCases)("non-streaming 422: $message", async ({ body, message }) => {
    const res = await postJson(emu.url, "/v1/completions", body);
    expect(res.status).toBe(422);
    expect(await res.json()).toEqual({ error: `Input validation error: ${message}`, error_type: "validation" });
  });

  it.each(completionCases)("streaming 200 + OpenAI-style event + [DONE]: $message", async ({ body, message }) => {
    const stream = await postStream(emu.url, "/v1/completions", { ...body, stream: true });
    expect(stream.status).toBe(200);
    expect(stream.json).toEqual([{ error: { message: `Input validation error: ${message}`, http_status_code: 422 } }]);
    expect(stream.done).toBe(true);
  });

  it("temperature 0 means greedy there, not an error", async () => {
    const res = await postJson(emu.url, "/v1/completions", { prompt: ask("x"), max_tokens: 3, temperature: 0 });
    expect(res.status).toBe(200);
  });

  it("rejects suffix with 422, as TGI does", async () => {
    const res = await postJson(emu.url, "/v1/completions", { prompt: ask("x"), suffix: "!" });
    expect(res.status).toBe(422);
    expect(await res.json()).toEqual({
      error: "Suffix is not supported and can be achieved by preprocessing the prompt.",
      error_type: "suffix not supported",
    });
  });

  it("rejects more prompts than max_client_batch_size", async () => {
    const res = await postJson(emu.url, "/v1/completions", { prompt: ["a", "b", "c", "d", "e"] });
    expect(res.status).toBe(422);
    expect(await res.json()).toMatchObject({ error_type: "batch size exceeded" });
  });
});

describe("body rejections (axum's plain-text answers)", () => {
  it("415 without a JSON content type", async () => {
    const res = await fetch(`${emu.url}/generate`, { method: "POST", body: "{}" });
    expect(res.status).toBe(415);
    expect(await res.text()).toBe("Expected request with `Content-Type: application/json`");
  });

  it("400 for malformed JSON", async () => {
    const res = await fetch(`${emu.url}/generate`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{",
    });
    expect(res.status).toBe(400);
    expect(await res.text()).toMatch(/^Failed to parse the request body as JSON: /);
  });

  it("422 for a body of the wrong shape", async () => {
    const missing = await postJson(emu.url, "/generate", { parameters: {} });
    expect(missing.status).toBe(422);
    expect(await missing.text()).toBe(
      "Failed to deserialize the JSON body into the target type: missing field `inputs`",
    );
    const negative = await postJson(emu.url, "/v1/completions", { prompt: "x", max_tokens: -1 });
    expect(negative.status).toBe(422);
    expect(negative.headers.get("content-type")).toMatch(/^text\/plain/);
  });

  it("404 for unknown routes and 405 for the wrong method, with empty bodies", async () => {
    const missing = await fetch(`${emu.url}/v1/chat/completion`);
    expect(missing.status).toBe(404);
    expect(await missing.text()).toBe("");
    const wrong = await fetch(`${emu.url}/generate`);
    expect(wrong.status).toBe(405);
  });
});

describe("max_concurrent_requests", () => {
  it("answers overloaded when every slot is taken, before validating, and frees slots on disconnect", async () => {
    const small = await startEmulator({ tokensPerSecond: 0, maxConcurrentRequests: 2 });
    try {
      const holders = [new AbortController(), new AbortController()];
      for (const holder of holders) {
        const res = await postJson(
          small.url,
          "/v1/completions",
          { prompt: ask("[[stall-after=1]]"), stream: true, max_tokens: 50 },
          {},
          holder.signal,
        );
        const first = await streamSse(res).next();
        expect(first.done).toBe(false);
      }
      expect(small.inFlight).toBe(2);

      const plain = await postJson(small.url, "/generate", { inputs: "", parameters: {} });
      expect(plain.status).toBe(429);
      expect(await plain.json()).toEqual({ error: "Model is overloaded", error_type: "overloaded" });

      const native = await postStream(small.url, "/generate_stream", { inputs: ask("x"), parameters: {} });
      expect(native.status).toBe(200);
      expect(native.json).toEqual([{ error: "Model is overloaded", error_type: "overloaded" }]);

      const openai = await postStream(small.url, "/v1/completions", { prompt: ask("x"), stream: true, max_tokens: 5 });
      expect(openai.status).toBe(200);
      expect(openai.json).toEqual([{ error: { message: "Model is overloaded", http_status_code: 422 } }]);
      expect(openai.done).toBe(true);

      for (const holder of holders) holder.abort();
      await small.waitForIdle(2000);
      expect(small.inFlight).toBe(0);
      const after = await postJson(small.url, "/generate", { inputs: ask("x"), parameters: { max_new_tokens: 2 } });
      expect(after.status).toBe(200);
      expect(small.state().requests.map((r) => r.outcome)).toEqual([
        "aborted",
        "aborted",
        "overloaded",
        "overloaded",
        "overloaded",
        "finished",
      ]);
    } finally {
      await small.close();
    }
  });
});

describe("--api-key", () => {
  let secured: Emulator;
  beforeAll(async () => {
    secured = await startEmulator({ tokensPerSecond: 0, apiKey: "s3cret" });
  });
  afterAll(() => secured.close());

  const protectedCalls: [string, unknown][] = [
    ["/generate", { inputs: ask("x"), parameters: { max_new_tokens: 2 } }],
    ["/generate_stream", { inputs: ask("x"), parameters: { max_new_tokens: 2 } }],
    ["/", { inputs: ask("x"), parameters: { max_new_tokens: 2 } }],
    ["/v1/completions", { prompt: ask("x"), max_tokens: 2 }],
    ["/tokenize", { inputs: "x" }],
  ];

  it.each(protectedCalls)("%s answers 401 with an empty body without the key", async (route, body) => {
    const attempts: Record<string, string>[] = [{}, { authorization: "Bearer wrong" }, { authorization: "s3cret" }];
    for (const headers of attempts) {
      const res = await postJson(secured.url, route, body, headers);
      expect(res.status).toBe(401);
      expect(await res.text()).toBe("");
    }
  });

  it.each(protectedCalls)("%s works with the key (compared case-insensitively, as TGI does)", async (route, body) => {
    for (const authorization of ["Bearer s3cret", "bearer S3CRET"]) {
      const res = await postJson(secured.url, route, body, { authorization });
      expect(res.status).toBe(200);
    }
  });

  it("leaves /health, /info and /emulator/state open", async () => {
    for (const route of ["/health", "/info", "/emulator/state"]) {
      expect((await fetch(`${secured.url}${route}`)).status).toBe(200);
    }
  });
});
