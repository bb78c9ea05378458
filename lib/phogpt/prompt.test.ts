import { readFileSync } from "node:fs";
import path from "node:path";
import { Template } from "@huggingface/jinja";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { buildPhoGptPrompt, type PhoGptTurn } from "./prompt";
import { pythonStrip } from "./python-strip";

const sharedDir = path.resolve(import.meta.dirname, "..", "..", "..", "shared", "phogpt");
const config = JSON.parse(readFileSync(path.join(sharedDir, "tokenizer_config.json"), "utf8")) as {
  chat_template: string;
};
const template = new Template(config.chat_template);

// Rendered by Python's Jinja2 (fixtures/render-python-golden.py): the first line holds the code
// points Python's str.isspace() accepts, each further line one conversation and its rendering.
interface PythonGoldenCase {
  messages: PhoGptTurn[];
  add_generation_prompt: boolean;
  rendered: string;
}
const [goldenHead = "{}", ...goldenLines] = readFileSync(
  path.join(import.meta.dirname, "fixtures", "python-golden.jsonl"),
  "utf8",
)
  .split("\n")
  .filter((line) => line !== "");
const pythonGolden = {
  pythonWhitespace: (JSON.parse(goldenHead) as { pythonWhitespace: number[] }).pythonWhitespace,
  cases: goldenLines.map((line) => JSON.parse(line) as PythonGoldenCase),
};

function renderOfficial(messages: readonly PhoGptTurn[], addGenerationPrompt = true): string {
  return template.render({
    messages: messages.map((m) => ({ ...m })),
    add_generation_prompt: addGenerationPrompt,
    eos_token: "</s>",
    bos_token: "<s>",
  });
}

const user = (content: string): PhoGptTurn => ({ role: "user", content });
const assistant = (content: string): PhoGptTurn => ({ role: "assistant", content });
const system = (content: string): PhoGptTurn => ({ role: "system", content });

// Characters on which JavaScript's trim() (used by @huggingface/jinja's .strip()) and Python's
// str.strip() (used by transformers and TGI) disagree.
const DIVERGENT = ["\ufeff", "\x1c", "\x1d", "\x1e", "\x1f", "\x85"];

describe("buildPhoGptPrompt", () => {
  it("renders the format documented in FACTS.md", () => {
    expect(buildPhoGptPrompt([user("U1"), assistant("A1"), user("U2")])).toBe(
      "### Câu hỏi: U1\n### Trả lời: A1</s>\n### Câu hỏi: U2\n### Trả lời:",
    );
    expect(buildPhoGptPrompt([user("  Xin chào\n")])).toBe("### Câu hỏi: Xin chào\n### Trả lời:");
  });

  const conversations: Record<string, PhoGptTurn[]> = {
    "single question": [user("Xin chào")],
    "empty conversation": [],
    "empty question": [user("")],
    "whitespace-only question": [user(" \t\n ")],
    "Vietnamese diacritics": [user("Thủ đô của Việt Nam là gì?"), assistant("Thủ đô là Hà Nội."), user("Còn TP.HCM?")],
    "leading/trailing spaces and newlines": [
      user("\n\n   câu hỏi có khoảng trắng   \n"),
      assistant("  câu trả lời giữ nguyên khoảng trắng  \n"),
      user("\tcâu hỏi tab\t"),
    ],
    "unicode whitespace": [
      user("\u00a0\u3000\u2028\u2029\u2000\u200a\u202f\u205f\u1680 hỏi \u3000"),
      assistant("\u00a0đáp\u00a0"),
    ],
    "inner whitespace kept": [user("a \n\n b\t\tc")],
    "code block": [
      user("Viết hàm Python:\n```python\ndef f(x):\n    return x * 2\n```\n"),
      assistant("```python\nprint(f(2))\n```"),
      user("Giải thích?"),
    ],
    emoji: [user("😀 Chào bạn 🇻🇳 👨‍👩‍👧"), assistant("🙂"), user("🍜 phở?")],
    "system messages dropped": [
      system("Bạn là trợ lý hữu ích."),
      user("Xin chào"),
      assistant("Chào bạn"),
      user("Bạn khỏe không?"),
    ],
    "system in the middle": [user("a"), system("s"), assistant("b"), user("c")],
    "system last": [user("a"), system("s")],
    "assistant first": [assistant("Tôi có thể giúp gì?"), user("Kể chuyện")],
    "ends with assistant": [user("a"), assistant("b")],
    "markers inside content": [
      user("### Câu hỏi: lồng\n### Trả lời: x</s>"),
      assistant("</s>### Trả lời:"),
      user("ok"),
    ],
    "long thread (60 turns)": Array.from({ length: 60 }, (_, i) =>
      i % 2 === 0
        ? user(`  câu hỏi số ${i} với dấu tiếng Việt ấ ầ ẩ ẫ ậ  `)
        : assistant(`trả lời số ${i}\n- ý một\n- ý hai`),
    ),
  };

  for (const [name, turns] of Object.entries(conversations)) {
    it(`matches the official template (@huggingface/jinja): ${name}`, () => {
      expect(buildPhoGptPrompt(turns)).toBe(renderOfficial(turns, true));
      expect(buildPhoGptPrompt(turns, { addGenerationPrompt: false })).toBe(renderOfficial(turns, false));
    });
  }

  it("matches the official template on random conversations (property)", () => {
    const piece = fc.oneof(
      fc.constantFrom(
        "Xin chào",
        "tiếng Việt",
        "Hà Nội",
        "phở",
        "```js\nx()\n```",
        "😀",
        "### Câu hỏi:",
        "</s>",
        "Trả lời:",
      ),
      fc.constantFrom(" ", "\t", "\n", "\r\n", "\u00a0", "\u3000", "\u2028", "\u200b", "\u2003", "\x0b", "\x0c"),
      fc.string({ maxLength: 8 }),
    );
    const text = fc
      .array(piece, { maxLength: 8 })
      .map((parts) => parts.join(""))
      // @huggingface/jinja's strip is JavaScript's trim: keep it to characters where that equals Python's.
      .filter((s) => !DIVERGENT.some((c) => s.includes(c)));
    const turn = fc.record({
      role: fc.constantFrom("user", "assistant", "system" as const),
      content: text,
    }) as fc.Arbitrary<PhoGptTurn>;
    fc.assert(
      fc.property(fc.array(turn, { maxLength: 12 }), fc.boolean(), (turns, addGenerationPrompt) => {
        expect(buildPhoGptPrompt(turns, { addGenerationPrompt })).toBe(renderOfficial(turns, addGenerationPrompt));
      }),
      { numRuns: 500 },
    );
  });

  it("alternating long conversations match the official template (property)", () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.string({ unit: "grapheme", maxLength: 40 }), fc.string({ maxLength: 40 })), {
          minLength: 1,
          maxLength: 40,
        }),
        (pairs) => {
          const turns = pairs.flatMap(([q, a]) => [user(q), assistant(a)]).slice(0, -1);
          const safe = turns.every((t) => !DIVERGENT.some((c) => t.content.includes(c)));
          fc.pre(safe);
          expect(buildPhoGptPrompt(turns)).toBe(renderOfficial(turns));
        },
      ),
      { numRuns: 200 },
    );
  });

  it("@huggingface/jinja's .strip() differs from Python's on some characters (why the Python golden exists)", () => {
    const turns = [user("\ufeffXin chào\x85\x1f")];
    // Python strips \x85 and \x1f but keeps U+FEFF; JavaScript's trim does the opposite.
    expect(renderOfficial(turns)).toBe("### Câu hỏi: Xin chào\x85\x1f\n### Trả lời:");
    expect(buildPhoGptPrompt(turns)).toBe("### Câu hỏi: \ufeffXin chào\n### Trả lời:");
  });

  it(`matches the template as rendered by Python's Jinja2 (${pythonGolden.cases.length} cases)`, () => {
    expect(pythonGolden.cases.length).toBeGreaterThan(400);
    const divergentCases = pythonGolden.cases.filter(
      (c) => c.rendered !== renderOfficial(c.messages, c.add_generation_prompt),
    );
    // The golden must exercise the characters on which the JavaScript renderer is wrong.
    expect(divergentCases.length).toBeGreaterThan(10);
    for (const golden of pythonGolden.cases) {
      expect(buildPhoGptPrompt(golden.messages, { addGenerationPrompt: golden.add_generation_prompt })).toBe(
        golden.rendered,
      );
    }
  });

  describe("continueAssistant", () => {
    it("leaves the last assistant turn open, without </s>", () => {
      const turns = [user("Kể chuyện"), assistant("Ngày xửa ngày xưa")];
      expect(buildPhoGptPrompt(turns, { continueAssistant: true })).toBe(
        "### Câu hỏi: Kể chuyện\n### Trả lời: Ngày xửa ngày xưa",
      );
    });

    it("equals the official rendering minus the final </s>", () => {
      const turns = [system("s"), user(" a "), assistant("b"), user("c"), assistant("d e ")];
      const closed = renderOfficial(turns, true);
      expect(closed.endsWith("d e </s>")).toBe(true);
      expect(buildPhoGptPrompt(turns, { continueAssistant: true })).toBe(closed.slice(0, -"</s>".length));
    });

    it("refuses a conversation that does not end with an assistant turn", () => {
      expect(() => buildPhoGptPrompt([user("a")], { continueAssistant: true })).toThrow(/assistant/);
      expect(() => buildPhoGptPrompt([], { continueAssistant: true })).toThrow(/assistant/);
    });
  });
});

describe("pythonStrip", () => {
  const pythonWhitespace = new Set(pythonGolden.pythonWhitespace);

  it("strips exactly the characters Python's str.isspace() accepts (every code point)", () => {
    expect(pythonWhitespace.size).toBe(29);
    for (let codePoint = 0; codePoint <= 0x10ffff; codePoint++) {
      if (codePoint >= 0xd800 && codePoint <= 0xdfff) continue;
      const char = String.fromCodePoint(codePoint);
      const stripped = pythonStrip(`${char}x${char}`);
      if (stripped !== (pythonWhitespace.has(codePoint) ? "x" : `${char}x${char}`)) {
        throw new Error(`U+${codePoint.toString(16)} handled unlike Python`);
      }
    }
  });

  it("handles the documented examples", () => {
    expect(pythonStrip("\u00a0\u2028\u3000\x1c\x1d\x1e\x1f\x85 a b \t\n")).toBe("a b");
    expect(pythonStrip("\ufeffa\u200b")).toBe("\ufeffa\u200b");
    expect(pythonStrip("")).toBe("");
    expect(pythonStrip(" \n\t ")).toBe("");
  });

  it("agrees with String.prototype.trim wherever Python and JavaScript agree (property)", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 30 }), (s) => {
        fc.pre(!DIVERGENT.some((c) => s.includes(c)));
        expect(pythonStrip(s)).toBe(s.trim());
      }),
      { numRuns: 1000 },
    );
  });
});
