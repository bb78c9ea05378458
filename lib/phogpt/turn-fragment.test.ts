import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { buildPhoGptPrompt } from "./prompt";
import { turnFragment, utf8Length } from "./turn-fragment";

describe("turnFragment", () => {
  it("cuts the official rendering into independent pieces", () => {
    const turns = [
      { role: "user" as const, content: "  Xin chào " },
      { role: "assistant" as const, content: "Chào bạn" },
      { role: "user" as const, content: "Phở là gì?" },
    ];
    const joined = turns.map(turnFragment).join("");
    expect(joined.slice(1)).toBe(buildPhoGptPrompt(turns));
    expect(turnFragment({ role: "assistant", content: "mở" })).toBe(" mở</s>");
  });
});

describe("utf8Length", () => {
  it("equals the encoded length, for any string (lone surrogates as U+FFFD)", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary" }), (text) => {
        expect(utf8Length(text)).toBe(Buffer.byteLength(text, "utf8"));
      }),
      { numRuns: 2000 },
    );
    expect(utf8Length("Tiếng Việt 😀")).toBe(Buffer.byteLength("Tiếng Việt 😀"));
    expect(utf8Length("\ud800x\udc00")).toBe(Buffer.byteLength("\ud800x\udc00"));
  });
});
