import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { foldVietnamese, foldWithOffsets } from "@/lib/text/fold";
import { matchRanges, snippetOf, SNIPPET_CHARS } from "./snippet";

const marked = ({ text, highlights }: { text: string; highlights: [number, number][] }) =>
  highlights.map(([start, end]) => text.slice(start, end));

describe("foldWithOffsets", () => {
  it("folds like foldVietnamese and keeps NFC Vietnamese the same length", () => {
    const text = "Đà Nẵng, Tiếng Việt, Hồ Chí Minh, ĐƯỜNG";
    const { folded, starts, ends } = foldWithOffsets(text);
    expect(folded).toBe(foldVietnamese(text));
    expect(folded).toHaveLength(text.length);
    expect(starts).toEqual([...text].map((_, index) => index));
    expect(ends).toEqual([...text].map((_, index) => index + 1));
  });

  it("maps back through decomposed marks, expanding and astral characters", () => {
    const decomposed = "Việt".normalize("NFD");
    const folded = foldWithOffsets(`x ${decomposed} y`);
    expect(folded.folded).toBe("x viet y");
    // "t" of Việt ends where the original word ends, after its marks.
    expect(folded.ends[5]).toBe(2 + decomposed.length);
    const expanding = foldWithOffsets("İ😀한");
    expect(expanding.folded).toBe(foldVietnamese("İ") + "😀" + foldVietnamese("한"));
    expect(expanding.starts.at(-1)).toBe(3);
    expect(expanding.ends.at(-1)).toBe(4);
  });

  it("folds each character exactly as foldVietnamese does (its ASCII fast path and cache included)", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme" }), (text) => {
        const reference = [...text].map((character) => foldVietnamese(character)).join("");
        expect(foldWithOffsets(text).folded).toBe(reference);
      }),
    );
  });

  it("always maps every folded unit inside the original", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme" }), (text) => {
        const { folded, starts, ends } = foldWithOffsets(text);
        expect(starts).toHaveLength(folded.length);
        for (let index = 0; index < folded.length; index++) {
          expect(starts[index]).toBeGreaterThanOrEqual(0);
          expect(ends[index]).toBeGreaterThan(starts[index] as number);
          expect(ends[index]).toBeLessThanOrEqual(text.length);
        }
      }),
    );
  });
});

describe("matchRanges", () => {
  it("highlights whole words the query's words begin, in the original spelling", () => {
    const text = "Lịch trình Đà Nẵng: đi dạo, ăn phở.";
    expect(marked({ text, highlights: matchRanges(text, ["da", "nan"]) })).toEqual(["Đà", "Nẵng", "dạo"]);
  });

  it("never matches inside a word", () => {
    expect(matchRanges("Hoàng hôn", ["oang", "on"])).toEqual([]);
  });

  it("maps matches in decomposed text to the whole original word", () => {
    const text = "Tiếng Việt".normalize("NFD");
    expect(marked({ text, highlights: matchRanges(text, ["viet"]) })).toEqual(["Việt".normalize("NFD")]);
  });

  it("treats regular-expression characters in words literally", () => {
    expect(matchRanges("axb", ["a.b"])).toEqual([]);
    expect(matchRanges("(a+", ["(a+"])).toEqual([[0, 3]]);
  });
});

describe("snippetOf", () => {
  it("keeps a short text whole", () => {
    expect(snippetOf("Xin chào Đà Nẵng", ["nang"])).toEqual({ text: "Xin chào Đà Nẵng", highlights: [[12, 16]] });
  });

  it("cuts a long text around the first match, at word boundaries, with ellipses", () => {
    const before = "Một câu mở đầu khá dài để đẩy chỗ khớp ra xa. ".repeat(6);
    const after = " Rồi còn rất nhiều chữ nữa ở phía sau để phải cắt bớt đi.".repeat(6);
    const snippet = snippetOf(`${before}Tiếng Việt thật đẹp.${after}`, ["tieng", "viet"]);
    expect(snippet.text.length).toBeLessThanOrEqual(SNIPPET_CHARS + 2);
    expect(snippet.text.startsWith("…")).toBe(true);
    expect(snippet.text.endsWith("…")).toBe(true);
    expect(snippet.text.slice(1, 2)).toMatch(/\p{L}/u);
    expect(marked(snippet)).toEqual(["Tiếng", "Việt"]);
  });

  it("starts at the beginning when there is no match to show", () => {
    const text = "không khớp ".repeat(40);
    const snippet = snippetOf(text, ["pho"]);
    expect(snippet.text.startsWith("không")).toBe(true);
    expect(snippet.highlights).toEqual([]);
  });

  it("never cuts a surrogate pair or a letter from its marks, and highlights stay inside", () => {
    fc.assert(
      fc.property(
        fc.string({ unit: "grapheme", maxLength: 400 }),
        fc.constantFrom("a", "d", "viet", "😀"),
        (text, word) => {
          const snippet = snippetOf(text, [foldVietnamese(word)], 40);
          expect(snippet.text.isWellFormed()).toBe(true);
          for (const [start, end] of snippet.highlights) {
            expect(start).toBeGreaterThanOrEqual(0);
            expect(end).toBeGreaterThan(start);
            expect(end).toBeLessThanOrEqual(snippet.text.length);
          }
        },
      ),
    );
  });
});
