// createTgiServer against scripted fetch responses: the cases the emulator does not produce.
// Its behaviour against a running emulator is in tgi-server.emulator.test.ts.
import { describe, expect, it } from "vitest";
import { ModelServerError } from "./errors";
import { createTgiServer } from "./tgi-server";
import type { CompletionEvent } from "./types";

type Handler = (url: string, init: RequestInit) => Response | Promise<Response>;

function server(handler: Handler, timeoutMs = 5_000) {
  const calls: { url: string; init: RequestInit }[] = [];
  const fetchImpl = (async (input: RequestInfo | URL, init: RequestInit = {}) => {
    const url = input instanceof Request ? input.url : String(input);
    calls.push({ url, init });
    return handler(url, init);
  }) as typeof fetch;
  return { tgi: createTgiServer({ url: "http://tgi.test/", apiKey: "secret", timeoutMs, fetch: fetchImpl }), calls };
}

const sse = (events: string[], status = 200) =>
  new Response(events.map((e) => `data:${e}\n\n`).join(""), {
    status,
    headers: { "Content-Type": "text/event-stream" },
  });

const chunk = (text: string, finish = "") =>
  JSON.stringify({
    id: "",
    object: "text_completion",
    created: 0,
    model: "tgi",
    choices: [{ index: 0, text, logprobs: null, finish_reason: finish }],
  });

const request = { prompt: "### Câu hỏi: a\n### Trả lời:", maxTokens: 5, stop: ["\n### Câu hỏi:"] };

/** A request that never answers, like fetch it rejects with the signal's reason once aborted. */
function hangUntilAbort(init: RequestInit): Promise<Response> {
  return new Promise((_, reject) => {
    const signal = init.signal;
    if (signal?.aborted) reject(signal.reason);
    signal?.addEventListener("abort", () => reject(signal.reason), { once: true });
  });
}

async function drain(iterable: AsyncIterable<CompletionEvent>): Promise<CompletionEvent[]> {
  const events: CompletionEvent[] = [];
  for await (const event of iterable) events.push(event);
  return events;
}

async function failure(promise: Promise<unknown>): Promise<ModelServerError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof ModelServerError)) throw new Error(`expected a ModelServerError, got ${String(error)}`);
  return error;
}

describe("createTgiServer (scripted responses)", () => {
  it("falls back to 8192 when /info lacks the limits, and sends the key", async () => {
    const { tgi, calls } = server(() => Response.json({ model_id: "vinai/PhoGPT-4B-Chat" }));
    expect(await tgi.info()).toEqual({
      modelId: "vinai/PhoGPT-4B-Chat",
      maxInputTokens: 8192,
      maxTotalTokens: 8192,
      isEmulator: false,
    });
    expect(calls[0]?.url).toBe("http://tgi.test/info");
    expect(new Headers(calls[0]?.init.headers).get("authorization")).toBe("Bearer secret");
  });

  it("reads TGI 1.x's max_input_length", async () => {
    const { tgi } = server(() =>
      Response.json({ model_id: "m", max_input_length: 4000, max_total_tokens: 4096, version: "1.4.5" }),
    );
    expect(await tgi.info()).toMatchObject({ maxInputTokens: 4000, maxTotalTokens: 4096, version: "1.4.5" });
  });

  it("answers null from countTokens when /tokenize is missing", async () => {
    for (const status of [404, 405]) {
      const { tgi } = server(() => new Response("", { status }));
      expect(await tgi.countTokens("xin chào")).toBeNull();
    }
  });

  it("classifies /tokenize and /info HTTP errors", async () => {
    expect((await failure(server(() => new Response("", { status: 401 })).tgi.countTokens("a"))).kind).toBe(
      "unauthorized",
    );
    expect((await failure(server(() => Response.json({ error: "x" }, { status: 503 })).tgi.info())).kind).toBe(
      "unreachable",
    );
    expect((await failure(server(() => new Response("not json")).tgi.info())).kind).toBe("bad_response");
  });

  it("reports health false on 503 and on a network failure", async () => {
    expect(await server(() => Response.json({ error: "unhealthy" }, { status: 503 })).tgi.health()).toBe(false);
    expect(await server(() => Promise.reject(new TypeError("fetch failed"))).tgi.health()).toBe(false);
  });

  it("drops the EOS token's text from the last chunk and posts to /v1/completions", async () => {
    const { tgi, calls } = server(() => sse([chunk(" Xin"), chunk(" chào"), chunk("</s>", "eos_token"), "[DONE]"]));
    const events = await drain(tgi.complete(request, new AbortController().signal));
    expect(events).toEqual([
      { type: "text", text: " Xin" },
      { type: "text", text: " chào" },
      { type: "finish", reason: "eos" },
    ]);
    expect(calls[0]?.url).toBe("http://tgi.test/v1/completions");
    expect(JSON.parse(String(calls[0]?.init.body))).toMatchObject({
      model: "tgi",
      stream: true,
      prompt: request.prompt,
      max_tokens: 5,
    });
  });

  it("fails with incomplete when the stream ends without a finish", async () => {
    const { tgi } = server(() => sse([chunk(" Xin"), "[DONE]"]));
    expect((await failure(drain(tgi.complete(request, new AbortController().signal)))).kind).toBe("incomplete");
  });

  it("fails with bad_response on a non-SSE answer, malformed data, or a 404", async () => {
    const cases: Handler[] = [
      () => Response.json({ choices: [{ text: "x" }] }),
      () => sse(["{not json"]),
      () => new Response("Not Found", { status: 404 }),
    ];
    for (const handler of cases) {
      expect((await failure(drain(server(handler).tgi.complete(request, new AbortController().signal)))).kind).toBe(
        "bad_response",
      );
    }
  });

  it("does not retry a 503 and calls it unreachable", async () => {
    const { tgi, calls } = server(() => new Response("", { status: 503 }));
    expect((await failure(drain(tgi.complete(request, new AbortController().signal)))).kind).toBe("unreachable");
    expect(calls).toHaveLength(1);
  });

  it("fails with timeout when the server sends nothing, and aborts the request", async () => {
    let requestSignal: AbortSignal | undefined;
    const { tgi } = server((_url, init) => {
      requestSignal = init.signal ?? undefined;
      return hangUntilAbort(init);
    }, 50);
    expect((await failure(drain(tgi.complete(request, new AbortController().signal)))).kind).toBe("timeout");
    expect(requestSignal?.aborted).toBe(true);
  });

  it("fails with timeout when the stream stalls between events", async () => {
    const { tgi } = server((_url, init) => {
      const body = new ReadableStream<Uint8Array>({
        start(controller) {
          controller.enqueue(new TextEncoder().encode(`data:${chunk(" một")}\n\n`));
          init.signal?.addEventListener("abort", () => controller.error(init.signal?.reason));
        },
      });
      return new Response(body, { headers: { "Content-Type": "text/event-stream" } });
    }, 50);
    const events: CompletionEvent[] = [];
    const error = await failure(
      (async () => {
        for await (const event of tgi.complete(request, new AbortController().signal)) events.push(event);
      })(),
    );
    expect(error.kind).toBe("timeout");
    expect(events).toEqual([{ type: "text", text: " một" }]);
  });

  it("throws the caller's abort reason, not a ModelServerError", async () => {
    const controller = new AbortController();
    const { tgi } = server((_url, init) => hangUntilAbort(init));
    const pending = drain(tgi.complete(request, controller.signal));
    controller.abort(new DOMException("stop", "AbortError"));
    await expect(pending).rejects.toMatchObject({ name: "AbortError", message: "stop" });
  });

  it("calls a connection failure unreachable and a broken stream incomplete", async () => {
    const refused = server(() => Promise.reject(new TypeError("fetch failed", { cause: { code: "ECONNREFUSED" } })));
    const error = await failure(drain(refused.tgi.complete(request, new AbortController().signal)));
    expect(error.kind).toBe("unreachable");
    expect(error.message).toContain("ECONNREFUSED");

    const broken = server(() => {
      const body = new ReadableStream<Uint8Array>({
        start(controller) {
          controller.enqueue(new TextEncoder().encode(`data:${chunk(" một")}\n\n`));
          controller.error(new TypeError("terminated"));
        },
      });
      return new Response(body, { headers: { "Content-Type": "text/event-stream" } });
    });
    expect((await failure(drain(broken.tgi.complete(request, new AbortController().signal)))).kind).toBe("incomplete");
  });
});

describe("servers that are not TGI (vLLM, llama.cpp)", () => {
  it("fall back to PhoGPT's 8,192-token context and the model list when there is no /info", async () => {
    const { tgi } = server((url) =>
      url.endsWith("/info")
        ? new Response("Not Found", { status: 404 })
        : Response.json({ object: "list", data: [{ id: "vinai/PhoGPT-4B-Chat", object: "model" }] }),
    );
    expect(await tgi.info()).toEqual({
      modelId: "vinai/PhoGPT-4B-Chat",
      maxInputTokens: 8192,
      maxTotalTokens: 8192,
      isEmulator: false,
    });
  });

  it("treat a /tokenize answer of another shape as an unknown count", async () => {
    const { tgi } = server(() => Response.json({ count: 0, tokens: [] }));
    expect(await tgi.countTokens("Xin chào")).toBeNull();
  });
});
