// Tokenizer wrapper: the real PhoGPT byte-level BPE when its files are present, one token per byte otherwise.

import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { Tokenizer } from "@huggingface/tokenizers";

export interface TextTokenizer {
  readonly kind: "phogpt" | "byte-fallback";
  readonly eosId: number;
  readonly eosText: string;
  encode(text: string): number[];
  /** The raw UTF-8 bytes one token stands for (special tokens: their literal text). */
  tokenBytes(id: number): Uint8Array;
  isSpecial(id: number): boolean;
}

export interface SimpleToken {
  id: number;
  text: string;
  start: number;
  stop: number;
}

const SPECIAL_TOKENS = ["<unk>", "<s>", "</s>", "<pad>"] as const;
const EOS_ID = 2;
const utf8 = new TextEncoder();

// GPT-2's reversible byte <-> printable character table, used by byte-level BPE vocabularies.
function byteLevelDecoder(): Map<string, number> {
  const bytes: number[] = [];
  for (let b = 0x21; b <= 0x7e; b++) bytes.push(b);
  for (let b = 0xa1; b <= 0xac; b++) bytes.push(b);
  for (let b = 0xae; b <= 0xff; b++) bytes.push(b);
  const chars = bytes.map((b) => String.fromCodePoint(b));
  let extra = 0;
  for (let b = 0; b < 256; b++) {
    if (!bytes.includes(b)) {
      bytes.push(b);
      chars.push(String.fromCodePoint(256 + extra));
      extra++;
    }
  }
  const map = new Map<string, number>();
  bytes.forEach((b, i) => map.set(chars[i] ?? "", b));
  return map;
}

class PhoGptTokenizer implements TextTokenizer {
  readonly kind = "phogpt" as const;
  readonly eosId = EOS_ID;
  readonly eosText = "</s>";
  private readonly tokenizer: Tokenizer;
  private readonly bytesById: Uint8Array[];
  private readonly specialIds: Set<number>;

  constructor(tokenizerJson: unknown, tokenizerConfig: unknown) {
    this.tokenizer = new Tokenizer(tokenizerJson as object, tokenizerConfig as object);
    const decoder = byteLevelDecoder();
    this.specialIds = new Set([...this.tokenizer.get_added_tokens_decoder().keys()]);
    const vocabSize = this.tokenizer.get_vocab(true).size;
    this.bytesById = [];
    for (let id = 0; id < vocabSize; id++) {
      const piece = this.tokenizer.id_to_token(id) ?? "";
      if (this.specialIds.has(id)) {
        this.bytesById.push(utf8.encode(piece));
        continue;
      }
      this.bytesById.push(Uint8Array.from([...piece].map((ch) => decoder.get(ch) ?? 0x3f)));
    }
  }

  encode(text: string): number[] {
    if (text === "") return [];
    return this.tokenizer.encode(text, { add_special_tokens: true }).ids;
  }

  tokenBytes(id: number): Uint8Array {
    return this.bytesById[id] ?? new Uint8Array();
  }

  isSpecial(id: number): boolean {
    return this.specialIds.has(id);
  }
}

// Ids 0-3 are the special tokens, byte b is id 4 + b.
class ByteFallbackTokenizer implements TextTokenizer {
  readonly kind = "byte-fallback" as const;
  readonly eosId = EOS_ID;
  readonly eosText = "</s>";

  encode(text: string): number[] {
    const ids: number[] = [];
    const pattern = /<unk>|<s>|<\/s>|<pad>/g;
    let last = 0;
    for (const match of text.matchAll(pattern)) {
      for (const b of utf8.encode(text.slice(last, match.index))) ids.push(4 + b);
      ids.push(SPECIAL_TOKENS.indexOf(match[0] as (typeof SPECIAL_TOKENS)[number]));
      last = match.index + match[0].length;
    }
    for (const b of utf8.encode(text.slice(last))) ids.push(4 + b);
    return ids;
  }

  tokenBytes(id: number): Uint8Array {
    if (id < 4) return utf8.encode(SPECIAL_TOKENS[id] ?? "");
    return Uint8Array.of((id - 4) & 0xff);
  }

  isSpecial(id: number): boolean {
    return id < 4;
  }
}

/** Where the tokenizer files live when nothing is configured: `<project>/../shared/phogpt`. */
export const defaultTokenizerDir = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  "..",
  "..",
  "..",
  "shared",
  "phogpt",
);

// Loading parses a 1.4 MB JSON file; tests start many emulators, so load each directory once.
const cache = new Map<string, TextTokenizer>();

export function loadTokenizer(
  dir: string = defaultTokenizerDir,
  warn: (message: string) => void = console.warn,
): TextTokenizer {
  const key = path.resolve(dir);
  const cached = cache.get(key);
  if (cached) return cached;
  const jsonPath = path.join(key, "tokenizer.json");
  const configPath = path.join(key, "tokenizer_config.json");
  let tokenizer: TextTokenizer;
  if (fs.existsSync(jsonPath) && fs.existsSync(configPath)) {
    tokenizer = new PhoGptTokenizer(
      JSON.parse(fs.readFileSync(jsonPath, "utf8")),
      JSON.parse(fs.readFileSync(configPath, "utf8")),
    );
  } else {
    warn(
      `[tgi-emulator] WARNING: PhoGPT tokenizer files not found in ${key}; ` +
        "falling back to one token per UTF-8 byte. Token counts will not match the real model.",
    );
    tokenizer = new ByteFallbackTokenizer();
  }
  cache.set(key, tokenizer);
  return tokenizer;
}

/** Decode token ids as TGI's generated_text does: special tokens skipped, bytes joined, invalid UTF-8 replaced. */
export function decodeTokens(tokenizer: TextTokenizer, ids: readonly number[]): string {
  return new TextDecoder().decode(
    joinTokenBytes(
      tokenizer,
      ids.filter((id) => !tokenizer.isSpecial(id)),
    ),
  );
}

export function joinTokenBytes(tokenizer: TextTokenizer, ids: readonly number[]): Uint8Array {
  return concatBytes(ids.map((id) => tokenizer.tokenBytes(id)));
}

function concatBytes(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

/** True when `bytes` ends on a complete UTF-8 sequence. */
export function endsOnCharBoundary(bytes: Uint8Array): boolean {
  // Walk back over at most 3 continuation bytes to the lead byte of the last character.
  let i = bytes.length - 1;
  let continuation = 0;
  while (i >= 0 && continuation < 4 && ((bytes[i] ?? 0) & 0xc0) === 0x80) {
    i--;
    continuation++;
  }
  if (i < 0) return continuation === 0;
  const lead = bytes[i] ?? 0;
  const expected = lead < 0x80 ? 0 : lead >= 0xf0 ? 3 : lead >= 0xe0 ? 2 : lead >= 0xc0 ? 1 : 0;
  return continuation >= expected;
}

/**
 * Streams token texts the way TGI's Python server does: a token whose bytes end inside a
 * multi-byte character yields "" and its bytes are carried into the next token's text.
 * Special tokens (EOS) yield their literal text, as TGI decodes with skip_special_tokens=False.
 */
export class IncrementalDecoder {
  private pending: Uint8Array[] = [];
  private readonly tokenizer: TextTokenizer;

  constructor(tokenizer: TextTokenizer) {
    this.tokenizer = tokenizer;
  }

  next(id: number): string {
    this.pending.push(this.tokenizer.tokenBytes(id));
    const bytes = concatBytes(this.pending);
    if (!endsOnCharBoundary(bytes)) return "";
    this.pending = [];
    return new TextDecoder().decode(bytes);
  }
}

/**
 * /tokenize output. Offsets are UTF-8 byte offsets as the Rust tokenizers report them: a token
 * that covers only part of a character is given the whole character's span. `text` is computed
 * as TGI computes it (`input.chars().skip(start).take(stop - start)`), which treats the byte
 * offsets as character indexes and so drifts on non-ASCII input.
 */
export function tokenizeWithOffsets(tokenizer: TextTokenizer, input: string): SimpleToken[] {
  const ids = tokenizer.encode(input);
  const inputBytes = utf8.encode(input);
  const chars = [...input];
  const result: SimpleToken[] = [];
  let cursor = 0;
  for (const id of ids) {
    const length = tokenizer.tokenBytes(id).length;
    let start = cursor;
    let stop = Math.min(cursor + length, inputBytes.length);
    cursor += length;
    while (start > 0 && ((inputBytes[start] ?? 0) & 0xc0) === 0x80) start--;
    while (stop < inputBytes.length && ((inputBytes[stop] ?? 0) & 0xc0) === 0x80) stop++;
    result.push({ id, text: chars.slice(start, stop).join(""), start, stop });
  }
  return result;
}
