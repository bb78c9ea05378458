import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Tokenizer } from "@huggingface/tokenizers";
import { describe, expect, it, vi } from "vitest";
import { sharedDir } from "./testing/openapi.ts";
import { decodeTokens, endsOnCharBoundary, IncrementalDecoder, loadTokenizer, tokenizeWithOffsets } from "./tokens.ts";

const tokenizerDir = path.join(sharedDir, "phogpt");
const reference = new Tokenizer(
  JSON.parse(fs.readFileSync(path.join(tokenizerDir, "tokenizer.json"), "utf8")),
  JSON.parse(fs.readFileSync(path.join(tokenizerDir, "tokenizer_config.json"), "utf8")),
);
const tok = loadTokenizer(tokenizerDir);
const utf8 = new TextEncoder();

const samples = [
  "### Câu hỏi: Xin chào\n### Trả lời:",
  "### Câu hỏi: U1\n### Trả lời: A1</s>\n### Câu hỏi: U2\n### Trả lời:",
  " Bạn hỏi: «Xin chào». Đây là lượt thứ 2 😀 <img src=x onerror=alert(1)>",
  "Tiếng Việt có sáu thanh điệu: ngang, huyền, sắc, hỏi, ngã, nặng.",
];

describe("PhoGPT tokenizer wrapper", () => {
  it("loads the real tokenizer and matches the documented ids", () => {
    expect(tok.kind).toBe("phogpt");
    expect(tok.encode("### Câu hỏi: Xin chào\n### Trả lời:")).toEqual([
      6, 6, 6, 2551, 6854, 7211, 3333, 177, 6, 6, 6, 5752, 8860,
    ]);
  });

  it("reads </s> written as text as token id 2 (EOS)", () => {
    const ids = tok.encode("A1</s>\n");
    expect(ids).toContain(2);
    expect(tok.eosId).toBe(2);
    expect(tok.isSpecial(2)).toBe(true);
    expect(decodeTokens(tok, ids)).toBe("A1\n");
  });

  it.each(samples)("token bytes concatenate back to the input: %j", (text) => {
    const ids = tok.encode(text);
    expect(ids).toEqual(reference.encode(text).ids);
    const bytes = Buffer.concat(ids.map((id) => Buffer.from(tok.tokenBytes(id))));
    expect(bytes.toString("utf8")).toBe(text);
  });
});

describe("tokenizeWithOffsets (/tokenize)", () => {
  it.each(samples)("gives the real ids and contiguous UTF-8 byte offsets: %j", (text) => {
    const tokens = tokenizeWithOffsets(tok, text);
    expect(tokens.map((t) => t.id)).toEqual(reference.encode(text).ids);
    const bytes = utf8.encode(text);
    expect(tokens.at(-1)?.stop).toBe(bytes.length);
    for (const t of tokens) {
      expect(t.start).toBeLessThan(t.stop);
      expect(t.stop).toBeLessThanOrEqual(bytes.length);
    }
  });

  it("offsets are byte offsets: the token ' Câu' spans 5 bytes", () => {
    const tokens = tokenizeWithOffsets(tok, "### Câu hỏi:");
    expect(tokens[3]).toMatchObject({ id: 2551, start: 3, stop: 8 });
  });

  it("gives a character split across tokens the whole character's span, as the Rust tokenizer does", () => {
    // '»' (C2 BB) is two byte-level tokens in PhoGPT's vocabulary.
    const text = "«Xin chào».";
    const tokens = tokenizeWithOffsets(tok, text);
    const at = utf8.encode("«Xin chào").length;
    const split = tokens.filter((t) => t.start === at && t.stop === at + 2);
    expect(split).toHaveLength(2);
  });

  it("computes `text` the way TGI does: byte offsets used as character indexes", () => {
    const ascii = tokenizeWithOffsets(tok, "Hello world");
    expect(ascii.map((t) => t.text).join("")).toBe("Hello world");
    const vietnamese = tokenizeWithOffsets(tok, "### Câu hỏi:");
    // Bytes 3..8 are " Câu", but characters 3..8 are " Câu " (â is one character, two bytes).
    expect(vietnamese[3]?.text).toBe(" Câu ");
  });
});

describe("IncrementalDecoder", () => {
  it("emits nothing for a token that ends inside a character, then the whole character", () => {
    const decoder = new IncrementalDecoder(tok);
    const ids = tok.encode("chào».");
    const texts = ids.map((id) => decoder.next(id));
    expect(texts.join("")).toBe("chào».");
    expect(texts).toContain("");
    expect(texts).toContain("»");
  });

  it("gives EOS its literal text, as TGI decodes with skip_special_tokens=False", () => {
    expect(new IncrementalDecoder(tok).next(2)).toBe("</s>");
  });

  it("knows when bytes end on a character boundary", () => {
    expect(endsOnCharBoundary(utf8.encode("ả"))).toBe(true);
    expect(endsOnCharBoundary(utf8.encode("ả").slice(0, 2))).toBe(false);
    expect(endsOnCharBoundary(utf8.encode("😀").slice(0, 3))).toBe(false);
    expect(endsOnCharBoundary(new Uint8Array())).toBe(true);
  });
});

describe("byte fallback", () => {
  it("warns on stderr and uses one token per UTF-8 byte, keeping </s> as id 2", () => {
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), "no-tokenizer-"));
    const warn = vi.fn();
    const fallback = loadTokenizer(empty, warn);
    expect(fallback.kind).toBe("byte-fallback");
    expect(warn).toHaveBeenCalledWith(expect.stringContaining("falling back to one token per UTF-8 byte"));
    const ids = fallback.encode("ả</s>");
    expect(ids).toHaveLength(4);
    expect(ids.at(-1)).toBe(2);
    expect(decodeTokens(fallback, ids)).toBe("ả");
    expect(tokenizeWithOffsets(fallback, "ả").map((t) => [t.start, t.stop])).toEqual([
      [0, 3],
      [0, 3],
      [0, 3],
    ]);
  });
});
