import { describe, expect, it } from "vitest";
import { classifyTgiError, parseTokenLimits, tgiError } from "./errors";
import { parseCompletionChunk } from "./tgi-stream";

describe("parseTokenLimits", () => {
  it("reads the total-tokens message", () => {
    expect(
      parseTokenLimits(
        "Input validation error: `inputs` tokens + `max_new_tokens` must be <= 8192. Given: 8000 `inputs` tokens and 1024 `max_new_tokens`",
      ),
    ).toEqual({ limit: 8192, inputTokens: 8000, maxNewTokens: 1024 });
  });

  it("reads the input-tokens message", () => {
    expect(parseTokenLimits("Input validation error: `inputs` must have less than 4096 tokens. Given: 5000")).toEqual({
      limit: 4096,
      inputTokens: 5000,
    });
  });

  it("finds nothing in other messages", () => {
    expect(parseTokenLimits("Input validation error: `inputs` cannot be empty")).toEqual({});
  });
});

describe("classifyTgiError", () => {
  it.each([
    ["Input validation error: `stop` supports up to 4 stop sequences. Given: 5", 422, "validation"],
    // /v1/completions labels every in-stream error 422: the message decides.
    ["Model is overloaded", 422, "overloaded"],
    ["Request failed during generation: Server error: CUDA OOM", 422, "generation"],
    ["Incomplete generation", 500, "incomplete"],
    ["Unauthorized", 401, "unauthorized"],
    ["whatever", 429, "overloaded"],
    ["whatever", 424, "generation"],
    ["Bad Gateway", 502, "unreachable"],
    ["Service Unavailable", 503, "unreachable"],
    ["Not Found", 404, "bad_response"],
    ["odd", undefined, "bad_response"],
  ] as const)("%s (HTTP %s) → %s", (message, status, kind) => {
    expect(classifyTgiError(message, status)).toBe(kind);
  });

  it("attaches token counts to validation errors only", () => {
    const error = tgiError("Input validation error: `inputs` must have less than 10 tokens. Given: 12", 422);
    expect(error).toMatchObject({
      kind: "validation",
      status: 422,
      limit: 10,
      inputTokens: 12,
      maxNewTokens: undefined,
    });
    expect(error.name).toBe("ModelServerError");
  });
});

describe("parseCompletionChunk", () => {
  const chunk = (text: string, finish_reason: string | null, usage?: object) => ({
    id: "",
    object: "text_completion",
    created: 1,
    model: "tgi",
    system_fingerprint: "3.3.6",
    choices: [{ index: 0, text, logprobs: null, finish_reason }],
    ...(usage ? { usage } : {}),
  });

  it("reads OpenAI completion chunks, with an empty finish_reason until the end", () => {
    expect(parseCompletionChunk(chunk(" Xin", ""))).toEqual({ text: " Xin" });
    expect(parseCompletionChunk(chunk(" chào", null))).toEqual({ text: " chào" });
    // At EOS the last chunk's text is the EOS token itself.
    expect(
      parseCompletionChunk(chunk("</s>", "eos_token", { prompt_tokens: 13, completion_tokens: 2, total_tokens: 15 })),
    ).toEqual({
      text: "",
      finish: "eos",
      usage: { promptTokens: 13, completionTokens: 2 },
    });
    expect(parseCompletionChunk(chunk(":", "stop_sequence")).finish).toBe("stop");
    expect(parseCompletionChunk(chunk("x", "length")).finish).toBe("length");
  });

  it("reads TGI's native events", () => {
    expect(
      parseCompletionChunk({
        index: 1,
        token: { id: 5, text: " a", logprob: -1, special: false },
        generated_text: null,
        details: null,
      }),
    ).toEqual({
      text: " a",
    });
    expect(
      parseCompletionChunk({
        index: 2,
        token: { id: 2, text: "</s>", logprob: -1, special: true },
        generated_text: " a",
        details: { finish_reason: "eos_token", generated_tokens: 2 },
      }),
    ).toEqual({ text: "", finish: "eos", usage: { completionTokens: 2 } });
  });

  it("rejects anything else as a bad response", () => {
    for (const data of [null, "text", { choices: [] }, { choices: [{ text: 1 }] }, { foo: 1 }]) {
      expect(() => parseCompletionChunk(data)).toThrow(expect.objectContaining({ kind: "bad_response" }));
    }
    expect(() => parseCompletionChunk(chunk("", "content_filter"))).toThrow(
      expect.objectContaining({ kind: "bad_response" }),
    );
  });
});
