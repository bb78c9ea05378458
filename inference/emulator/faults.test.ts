// Every fault, per request (markers) and per run (setFaults, POST /emulator/faults), plus client disconnects.

import net from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { parseFaultSpec } from "./faults.ts";
import { startEmulator, type Emulator } from "./server.ts";
import { postJson, postStream } from "./testing/http.ts";
import { ask } from "./testing/prompts.ts";
import { streamSse, type SseEvent } from "./testing/sse.ts";

let emu: Emulator;
beforeAll(async () => {
  emu = await startEmulator({ tokensPerSecond: 0 });
});
afterAll(() => emu.close());
afterEach(() => emu.reset());

const GENERATION_ERROR = /^Request failed during generation: /;

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, "127.0.0.1");
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

/** Reads `count` events from an open stream, then leaves it open. */
async function firstEvents(
  response: Response,
  count: number,
): Promise<{ events: SseEvent[]; rest: AsyncGenerator<SseEvent> }> {
  const rest = streamSse(response);
  const events: SseEvent[] = [];
  while (events.length < count) {
    const next = await rest.next();
    if (next.done) break;
    events.push(next.value);
  }
  return { events, rest };
}

describe("fail before the first token", () => {
  it("[[fail-before]]: 424 generation error when not streaming", async () => {
    for (const [route, body] of [
      ["/generate", { inputs: ask("[[fail-before]]"), parameters: {} }],
      ["/v1/completions", { prompt: ask("[[fail-before]]"), max_tokens: 5 }],
    ] as const) {
      const res = await postJson(emu.url, route, body);
      expect(res.status).toBe(424);
      const json = (await res.json()) as { error: string; error_type: string };
      expect(json.error_type).toBe("generation");
      expect(json.error).toMatch(GENERATION_ERROR);
    }
  });

  it("[[fail-before]]: HTTP 200 and an in-stream generation error when streaming", async () => {
    const native = await postStream(emu.url, "/generate_stream", { inputs: ask("[[fail-before]]"), parameters: {} });
    expect(native.status).toBe(200);
    expect(native.json).toHaveLength(1);
    expect(native.json[0]).toMatchObject({ error_type: "generation", error: expect.stringMatching(GENERATION_ERROR) });

    const openai = await postStream(emu.url, "/v1/completions", { prompt: ask("[[fail-before]]"), stream: true });
    expect(openai.json).toEqual([
      { error: { message: expect.stringMatching(GENERATION_ERROR), http_status_code: 422 } },
    ]);
    expect(openai.done).toBe(true);
  });
});

describe("fail mid-stream", () => {
  it("[[fail-after=3]]: three tokens, then the error event", async () => {
    const native = await postStream(emu.url, "/generate_stream", { inputs: ask("[[fail-after=3]]"), parameters: {} });
    expect(native.json.slice(0, 3).every((e) => "token" in e)).toBe(true);
    expect(native.json[3]).toMatchObject({ error_type: "generation" });
    expect(native.json).toHaveLength(4);

    const openai = await postStream(emu.url, "/v1/completions", { prompt: ask("[[fail-after=3]]"), stream: true });
    expect(openai.json).toHaveLength(4);
    expect(openai.json[3]).toEqual({
      error: { message: expect.stringMatching(GENERATION_ERROR), http_status_code: 422 },
    });
    expect(emu.state().requests.map((r) => r.outcome)).toEqual(["generation_error", "generation_error"]);
  });
});

describe("stall", () => {
  it("[[stall-after=2]]: two tokens, then silence on an open connection until the client leaves", async () => {
    const client = new AbortController();
    const res = await postJson(
      emu.url,
      "/v1/completions",
      { prompt: ask("[[stall-after=2]]"), stream: true },
      {},
      client.signal,
    );
    const { events, rest } = await firstEvents(res, 2);
    expect(events).toHaveLength(2);
    const more = await Promise.race([rest.next().then(() => "event"), sleep(300).then(() => "silence")]);
    expect(more).toBe("silence");
    expect(emu.inFlight).toBe(1);
    client.abort();
    await emu.waitForIdle(2000);
    expect(emu.state().requests[0]?.outcome).toBe("aborted");
  });

  it("keeps sending SSE keep-alive comments while stalled, as axum does", async () => {
    const chatty = await startEmulator({ tokensPerSecond: 0, keepAliveMs: 50 });
    const client = new AbortController();
    try {
      const res = await postJson(
        chatty.url,
        "/generate_stream",
        { inputs: ask("[[stall-after=1]]"), parameters: {} },
        {},
        client.signal,
      );
      const reader = (res.body as ReadableStream<Uint8Array>).getReader();
      let text = "";
      while (!text.includes(":\n\n")) text += new TextDecoder().decode((await reader.read()).value);
      expect(text.startsWith("data:")).toBe(true);
    } finally {
      client.abort();
      await chatty.close();
    }
  });
});

describe("close mid-stream", () => {
  it("[[close-after=2]]: the socket is destroyed after two tokens, without [DONE]", async () => {
    const res = await postJson(emu.url, "/v1/completions", { prompt: ask("[[close-after=2]]"), stream: true });
    expect(res.status).toBe(200);
    const events: SseEvent[] = [];
    await expect(
      (async () => {
        for await (const event of streamSse(res)) events.push(event);
      })(),
    ).rejects.toThrow();
    expect(events).toHaveLength(2);
    expect(events.some((e) => e.data === "[DONE]")).toBe(false);
    await emu.waitForIdle(2000);
  });

  it("[[close-after=0]] on a non-streaming call: the request fails with no response", async () => {
    await expect(
      postJson(emu.url, "/generate", { inputs: ask("[[close-after=0]]"), parameters: {} }),
    ).rejects.toThrow();
  });
});

describe("refuse / drop connections", () => {
  it("[[drop]]: the socket is destroyed without a response", async () => {
    await expect(postJson(emu.url, "/v1/completions", { prompt: ask("[[drop]]"), stream: true })).rejects.toThrow();
    expect(emu.state().requests[0]?.outcome).toBe("dropped");
    expect(emu.inFlight).toBe(0);
  });

  it("run-level refuseConnections closes the listener until cleared", async () => {
    await emu.setFaults({ refuseConnections: true });
    expect(await canConnect(emu.port)).toBe(false);
    await expect(fetch(`${emu.url}/health`)).rejects.toThrow();
    await emu.setFaults({});
    expect(await canConnect(emu.port)).toBe(true);
    expect((await fetch(`${emu.url}/health`)).status).toBe(200);
  });

  it("POST /emulator/faults {refuseConnectionsMs} refuses for that long, then listens again", async () => {
    const res = await postJson(emu.url, "/emulator/faults", { refuseConnectionsMs: 200 });
    expect(res.status).toBe(200);
    expect(await canConnect(emu.port)).toBe(false);
    await sleep(350);
    expect(await canConnect(emu.port)).toBe(true);
    expect(emu.state().faults.refuseConnections).toBe(false);
  });

  it("POST /emulator/faults rejects refuseConnections without a duration", async () => {
    const res = await postJson(emu.url, "/emulator/faults", { refuseConnections: true });
    expect(res.status).toBe(422);
    expect(await canConnect(emu.port)).toBe(true);
  });

  it("run-level dropRequests spares the /emulator/ routes", async () => {
    await emu.setFaults({ dropRequests: true });
    await expect(fetch(`${emu.url}/health`)).rejects.toThrow();
    expect((await fetch(`${emu.url}/emulator/state`)).status).toBe(200);
  });
});

describe("run-level faults", () => {
  it("apply to every request until reset, set by POST /emulator/faults", async () => {
    const set = await postJson(emu.url, "/emulator/faults", { failAfterTokens: 1, unhealthy: true });
    expect(set.status).toBe(200);
    expect(((await set.json()) as { faults: Record<string, unknown> }).faults).toMatchObject({
      failAfterTokens: 1,
      unhealthy: true,
    });
    expect((await fetch(`${emu.url}/health`)).status).toBe(503);
    const stream = await postStream(emu.url, "/generate_stream", { inputs: ask("x"), parameters: {} });
    expect(stream.json).toHaveLength(2);
    expect(stream.json[1]).toMatchObject({ error_type: "generation" });

    expect((await postJson(emu.url, "/emulator/reset", {})).status).toBe(200);
    expect((await fetch(`${emu.url}/health`)).status).toBe(200);
    expect(
      (await postStream(emu.url, "/generate_stream", { inputs: ask("x"), parameters: {} })).json.at(-1),
    ).toMatchObject({
      details: null,
      generated_text: expect.any(String),
    });
  });

  it("a marker overrides the run-level value of the same fault", async () => {
    await emu.setFaults({ failAfterTokens: 1 });
    const stream = await postStream(emu.url, "/generate_stream", { inputs: ask("[[fail-after=4]]"), parameters: {} });
    expect(stream.json).toHaveLength(5);
  });

  it("rejects unknown keys on the control route", async () => {
    const res = await postJson(emu.url, "/emulator/faults", { failAfter: 1 });
    expect(res.status).toBe(422);
  });

  it("start-up faults come from options, and the spec syntax from EMULATOR_FAULTS / --fault", async () => {
    expect(parseFaultSpec("unhealthy, fail-after=3,close-after=0")).toEqual({
      unhealthy: true,
      failAfterTokens: 3,
      closeAfterTokens: 0,
    });
    expect(() => parseFaultSpec("fail-after")).toThrow(/token count/);
    expect(() => parseFaultSpec("explode")).toThrow(/unknown fault/);
    const sick = await startEmulator({ tokensPerSecond: 0, faults: { unhealthy: true } });
    try {
      expect((await fetch(`${sick.url}/health`)).status).toBe(503);
    } finally {
      await sick.close();
    }
  });
});

describe("client disconnect", () => {
  it("aborting a stream ends the generation and frees the slot", async () => {
    const slow = await startEmulator({ tokensPerSecond: 50 });
    try {
      const client = new AbortController();
      const res = await postJson(
        slow.url,
        "/v1/completions",
        { prompt: ask("[[len=500]]"), stream: true, max_tokens: 600 },
        {},
        client.signal,
      );
      const { events } = await firstEvents(res, 2);
      expect(events).toHaveLength(2);
      expect(slow.inFlight).toBe(1);
      client.abort();
      await slow.waitForIdle(2000);
      expect(slow.inFlight).toBe(0);
      const record = slow.state().requests[0];
      expect(record?.outcome).toBe("aborted");
      expect(record?.generatedTokens).toBeLessThan(50);
    } finally {
      await slow.close();
    }
  });

  it("aborting a non-streaming request frees the slot too", async () => {
    const slow = await startEmulator({ tokensPerSecond: 50 });
    try {
      const client = new AbortController();
      const pending = postJson(
        slow.url,
        "/generate",
        { inputs: ask("[[len=500]]"), parameters: {} },
        {},
        client.signal,
      );
      await sleep(100);
      expect(slow.inFlight).toBe(1);
      client.abort();
      await expect(pending).rejects.toThrow();
      await slow.waitForIdle(2000);
      expect(slow.state().requests[0]?.outcome).toBe("aborted");
    } finally {
      await slow.close();
    }
  });
});
