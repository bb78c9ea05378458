import { describe, expect, it } from "vitest";
import { createInfoCache } from "./info-cache";
import type { ModelServerInfo } from "./types";

const info = (modelId: string): ModelServerInfo => ({
  modelId,
  maxInputTokens: 8191,
  maxTotalTokens: 8192,
  isEmulator: true,
});

function fakeServer(results: (ModelServerInfo | Error)[]) {
  let calls = 0;
  return {
    calls: () => calls,
    info: () => {
      const next = results[calls++];
      if (next === undefined) throw new Error("no more results");
      return next instanceof Error ? Promise.reject(next) : Promise.resolve(next);
    },
  };
}

describe("createInfoCache", () => {
  it("asks once per TTL and shares concurrent requests", async () => {
    let now = 0;
    const server = fakeServer([info("a"), info("b")]);
    const cache = createInfoCache(server, 30_000, () => now);
    const [first, second] = await Promise.all([cache.get(), cache.get()]);
    expect(first.modelId).toBe("a");
    expect(second.modelId).toBe("a");
    now = 29_999;
    expect((await cache.get()).modelId).toBe("a");
    now = 30_000;
    expect((await cache.get()).modelId).toBe("b");
    expect(server.calls()).toBe(2);
  });

  it("does not cache a failure", async () => {
    const server = fakeServer([new Error("down"), info("up")]);
    const cache = createInfoCache(server, 30_000, () => 0);
    await expect(cache.get()).rejects.toThrow("down");
    expect((await cache.get()).modelId).toBe("up");
    expect(server.calls()).toBe(2);
  });

  it("asks again after clear()", async () => {
    const server = fakeServer([info("a"), info("b")]);
    const cache = createInfoCache(server, 30_000, () => 0);
    await cache.get();
    cache.clear();
    expect((await cache.get()).modelId).toBe("b");
  });
});
