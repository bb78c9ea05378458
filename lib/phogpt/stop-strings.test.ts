import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createAnswerFilter } from "./answer-filter";
import { createStopStringFilter, type StopFinish } from "./stop-strings";

const TURN_STOP = "\n### Câu hỏi:";

function run(chunks: readonly string[], stops: readonly string[], reason: StopFinish) {
  const filter = createStopStringFilter(stops);
  const shown: string[] = [];
  for (const chunk of chunks) shown.push(filter.push(chunk));
  shown.push(filter.finish(reason));
  return { text: shown.join(""), shown, stopped: filter.stopped };
}

/** Splits `text` at the given cut points (any integers; reduced modulo the length). */
function chunk(text: string, cuts: readonly number[]): string[] {
  const points = [...new Set(cuts.map((c) => (text.length === 0 ? 0 : c % (text.length + 1))))].sort((a, b) => a - b);
  const chunks: string[] = [];
  let previous = 0;
  for (const point of [...points, text.length]) {
    chunks.push(text.slice(previous, point));
    previous = point;
  }
  return chunks;
}

/** The specification, written independently of the implementation. */
function expected(text: string, stops: readonly string[], reason: StopFinish): string {
  for (let end = 0; end <= text.length; end++) {
    for (const stop of stops) {
      if (stop !== "" && end >= stop.length && text.slice(end - stop.length, end) === stop) {
        // The first stop string to complete; cut at the earliest start among those completing here.
        const starts = stops.filter((s) => s !== "" && text.slice(0, end).endsWith(s)).map((s) => end - s.length);
        return text.slice(0, Math.min(...starts));
      }
    }
  }
  if (reason === "eos") return text;
  let tail = 0;
  for (const stop of stops) {
    for (let k = 1; k < stop.length && k <= text.length; k++) {
      if (text.slice(text.length - k) === stop.slice(0, k)) tail = Math.max(tail, k);
    }
  }
  return text.slice(0, text.length - tail);
}

describe("createStopStringFilter", () => {
  it("removes a stop string split across deltas and never shows a fragment of it", () => {
    const { text, shown } = run([" Hà Nội", "\n", "###", " Câu", " hỏi", ":", " tiếp"], [TURN_STOP], "stop");
    expect(text).toBe(" Hà Nội");
    expect(shown).toEqual([" Hà Nội", "", "", "", "", "", "", ""]);
  });

  it("releases held text once it can no longer begin a stop string", () => {
    const filter = createStopStringFilter([TURN_STOP]);
    expect(filter.push("a\n##")).toBe("a");
    expect(filter.push("# Câu trả")).toBe("\n### Câu trả");
    expect(filter.finish("eos")).toBe("");
  });

  it("cuts at a stop string inside the text before the server reports it", () => {
    const filter = createStopStringFilter([TURN_STOP]);
    expect(filter.push(`đáp án${TURN_STOP} câu khác`)).toBe("đáp án");
    expect(filter.stopped).toBe(true);
    expect(filter.push("nữa")).toBe("");
    expect(filter.finish("eos")).toBe("");
  });

  it("keeps a held tail on eos and drops it on stop and length", () => {
    for (const [reason, tail] of [
      ["eos", "\n###"],
      ["stop", ""],
      ["length", ""],
    ] as const) {
      expect(run(["xong", "\n###"], [TURN_STOP], reason).text).toBe(`xong${tail}`);
    }
  });

  it("handles several stop strings, cutting at the one that completes first", () => {
    expect(run(["a END b ", TURN_STOP], [TURN_STOP, "END"], "stop").text).toBe("a ");
    expect(run(["abcd"], ["cd", "bcx"], "stop").text).toBe("ab");
    // "###" completes before "\n### Câu hỏi:" does, in one delta or in several.
    expect(run([TURN_STOP], [TURN_STOP, "###"], "stop").text).toBe("\n");
    expect(run(["\n###", " Câu hỏi:"], [TURN_STOP, "###"], "stop").text).toBe("\n");
    expect(run(["xabc"], ["abc", "b"], "stop").text).toBe("xa");
    expect(run(["xabc"], ["abc", "b", "xab"], "stop").text).toBe("");
    expect(run(["x", "y"], [], "length").text).toBe("xy");
    expect(run(["x"], [""], "stop").text).toBe("x");
  });

  it("matches the specification for random texts and random chunkings (property)", () => {
    const stopsArb = fc.oneof(
      fc.constant([TURN_STOP]),
      fc.constant([TURN_STOP, "###", "\n\n"]),
      fc.array(fc.string({ minLength: 1, maxLength: 4, unit: fc.constantFrom("a", "b", "\n", "#") }), {
        minLength: 1,
        maxLength: 4,
      }),
    );
    const pieces = fc.constantFrom(
      "a",
      "b",
      " ",
      "\n",
      "#",
      "###",
      " Câu",
      " hỏi",
      ":",
      "Hà Nội",
      TURN_STOP,
      TURN_STOP.slice(0, 5),
      "😀",
    );
    const textArb = fc.array(pieces, { maxLength: 20 }).map((p) => p.join(""));
    const reasonArb = fc.constantFrom<StopFinish>("stop", "length", "eos");
    fc.assert(
      fc.property(stopsArb, textArb, fc.array(fc.nat(), { maxLength: 12 }), reasonArb, (stops, text, cuts, reason) => {
        expect(run(chunk(text, cuts), stops, reason).text).toBe(expected(text, stops, reason));
      }),
      { numRuns: 3000 },
    );
  });

  it("shows a text without any stop string unchanged on eos, whatever the chunking (property)", () => {
    fc.assert(
      fc.property(
        fc.string({ unit: "grapheme", maxLength: 60 }),
        fc.array(fc.nat(), { maxLength: 10 }),
        (text, cuts) => {
          fc.pre(!text.includes(TURN_STOP));
          expect(run(chunk(text, cuts), [TURN_STOP], "eos").text).toBe(text);
        },
      ),
      { numRuns: 1000 },
    );
  });

  it("never shows text past the start of a stop string, at any moment (property)", () => {
    fc.assert(
      fc.property(
        fc.string({ maxLength: 30 }),
        fc.string({ maxLength: 30 }),
        fc.array(fc.nat(), { maxLength: 10 }),
        (before, after, cuts) => {
          fc.pre(!before.includes("\n"));
          const text = before + TURN_STOP + after;
          const filter = createStopStringFilter([TURN_STOP]);
          let shown = "";
          for (const piece of chunk(text, cuts)) {
            shown += filter.push(piece);
            expect(before.startsWith(shown)).toBe(true);
          }
          shown += filter.finish("stop");
          expect(shown).toBe(before);
        },
      ),
      { numRuns: 1000 },
    );
  });
});

describe("createAnswerFilter", () => {
  function answer(chunks: readonly string[], reason: StopFinish, stripLeadingSpace = true) {
    const filter = createAnswerFilter({ stopStrings: [TURN_STOP], stripLeadingSpace });
    return chunks.map((c) => filter.push(c)).join("") + filter.finish(reason);
  }

  it("drops the single leading space, even when it arrives alone", () => {
    expect(answer([" ", "Xin", " chào"], "eos")).toBe("Xin chào");
    expect(answer(["", " ", " hai"], "eos")).toBe(" hai");
    expect(answer(["  hai dấu cách"], "eos")).toBe(" hai dấu cách");
    expect(answer(["không có"], "eos")).toBe("không có");
  });

  it("keeps the leading space when continuing an open answer", () => {
    expect(answer([" tiếp", " tục"], "eos", false)).toBe(" tiếp tục");
  });

  it("drops the leading space of text that was held back first", () => {
    expect(answer([" \n", "##", "# Tiêu đề"], "eos")).toBe("\n### Tiêu đề");
  });

  it("removes both the leading space and the stop string (property)", () => {
    fc.assert(
      fc.property(
        fc.string({ unit: "grapheme", maxLength: 40 }),
        fc.array(fc.nat(), { maxLength: 8 }),
        (body, cuts) => {
          fc.pre(!body.includes("\n"));
          const raw = ` ${body}${TURN_STOP} câu hỏi tiếp`;
          expect(answer(chunk(raw, cuts), "stop")).toBe(body);
        },
      ),
      { numRuns: 1000 },
    );
  });
});
