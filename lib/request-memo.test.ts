import { describe, expect, it } from "vitest";
import { memoized, withMemo } from "./request-memo";

describe("memoized", () => {
  it("loads a key once inside a memo scope, and every time outside one", async () => {
    let loads = 0;
    const load = async () => ++loads;
    const inside = await withMemo(async () => [await memoized("k", load), await memoized("k", load)]);
    expect(inside).toEqual([1, 1]);
    expect(await memoized("k", load)).toBe(2);
    expect(await memoized("k", load)).toBe(3);
    // A new scope starts empty.
    expect(await withMemo(() => memoized("k", load))).toBe(4);
  });

  it("lets a scope inside another share the outer scope's reads", async () => {
    let loads = 0;
    const load = async () => ++loads;
    const reads = await withMemo(async () => [await memoized("k", load), await withMemo(() => memoized("k", load))]);
    expect(reads).toEqual([1, 1]);
  });
});
