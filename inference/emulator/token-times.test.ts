// recordTokenTimes: when each token's event left the emulator, for the bench's per-token delay.

import { afterEach, describe, expect, it } from "vitest";
import { startEmulator, type Emulator } from "./server.ts";
import { chatPrompt } from "./testing/prompts.ts";
import { postJson } from "./testing/http.ts";
import { streamSse } from "./testing/sse.ts";

let emu: Emulator | undefined;
afterEach(async () => {
  await emu?.close();
  emu = undefined;
});

/** Streams a completion, returning each token event's text and the epoch ms at which it arrived. */
async function streamArrivals(url: string, question: string) {
  const res = await postJson(url, "/v1/completions", {
    prompt: chatPrompt([{ question }]),
    stream: true,
    max_tokens: 50,
  });
  const arrivals: { text: string; at: number }[] = [];
  for await (const event of streamSse(res)) {
    if (event.data === "[DONE]") continue;
    const { choices } = JSON.parse(event.data) as { choices: { text: string }[] };
    arrivals.push({ text: choices[0]?.text ?? "", at: performance.timeOrigin + performance.now() });
  }
  return arrivals;
}

describe("recordTokenTimes", () => {
  it("stamps each streamed token in order, after the request arrived and before the client read it", async () => {
    emu = await startEmulator({ tokensPerSecond: 100, recordTokenTimes: true });
    const before = Date.now();
    const arrivals = await streamArrivals(emu.url, "Xin chào [[len=8]]");
    const record = emu.state().requests[0];
    const sent = record?.sentTokens ?? [];

    // Eight tokens of text and the EOS token, each its own event.
    expect(record?.generatedTokens).toBe(9);
    expect(sent.map((token) => token.text)).toEqual(arrivals.map((event) => event.text));
    expect(sent[0]?.at).toBeGreaterThanOrEqual(before);
    const receivedAt = Date.parse(record?.receivedAt ?? "");
    for (const [k, token] of sent.entries()) {
      // Paced at 100 tokens/s: token k (from 0) is not written before (k + 1) × 10 ms after the
      // request (receivedAt is whole milliseconds), and it is written before the client reads it.
      expect(token.at).toBeGreaterThanOrEqual(receivedAt + (k + 1) * 10 - 1);
      if (k > 0) expect(token.at).toBeGreaterThan(sent[k - 1]?.at ?? Infinity);
      expect(token.at).toBeLessThanOrEqual(arrivals[k]?.at ?? 0);
    }
  });

  it("is off by default: records carry no times", async () => {
    emu = await startEmulator({ tokensPerSecond: 0 });
    await streamArrivals(emu.url, "Xin chào [[len=3]]");
    expect(emu.state().requests[0]?.sentTokens).toBeUndefined();
  });
});
