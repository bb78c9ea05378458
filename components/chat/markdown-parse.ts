// A small Markdown reader for model replies: paragraphs, headings, lists, quotes, code, links and
// emphasis (CommonMark's common cases, without GFM tables). It never produces HTML: raw HTML in a
// reply stays literal text, unsafe link targets become plain text, and images become links.

export type Inline =
  | string
  | { type: "strong" | "em"; children: Inline[] }
  | { type: "code"; value: string }
  | { type: "link"; href: string; children: Inline[] }
  | { type: "break" };

export type Block =
  | { type: "paragraph"; children: Inline[] }
  | { type: "heading"; level: number; children: Inline[] }
  | { type: "code"; language: string; value: string }
  | { type: "quote"; children: Block[] }
  | { type: "list"; ordered: boolean; start: number; tight: boolean; items: Block[][] }
  | { type: "rule" };

const FENCE = /^ {0,3}(`{3,}|~{3,})\s*([^\s`]*)[^`]*$/;
const HEADING = /^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$/;
const RULE = /^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$/;
const QUOTE = /^ {0,3}> ?(.*)$/;
const LIST_ITEM = /^( {0,3})([-*+]|\d{1,9}[.)])(?:([ \t]+)(.*))?$/;
const SETEXT = /^ {0,3}(=+|-+)[ \t]*$/;
const BLANK = /^\s*$/;

const isBlank = (line: string) => BLANK.test(line);
const indentOf = (line: string) => line.length - line.trimStart().length;

// Lines that end a paragraph when they follow it.
function interruptsParagraph(line: string): boolean {
  if (FENCE.test(line) || HEADING.test(line) || RULE.test(line) || QUOTE.test(line)) return true;
  const item = LIST_ITEM.exec(line);
  return item !== null && item[4] !== undefined && item[4].trim() !== "" && /^(?:[-*+]|1[.)])$/.test(item[2] ?? "");
}

export function parseMarkdown(text: string): Block[] {
  return parseBlocks(text.replace(/\r\n?/g, "\n").split("\n"));
}

// A block reader looks at the line at `index`: when its kind of block starts there, it returns the
// block and the index after it.
type BlockRead = { block: Block; next: number } | undefined;
type BlockReader = (lines: string[], index: number) => BlockRead;

const blockReaders: BlockReader[] = [readFence, readIndentedCode, readHeading, readRule, readQuote, readList];

function parseBlocks(lines: string[]): Block[] {
  const blocks: Block[] = [];
  let index = 0;
  while (index < lines.length) {
    if (isBlank(lines[index] ?? "")) {
      index++;
      continue;
    }
    let read: BlockRead;
    for (const reader of blockReaders) {
      read = reader(lines, index);
      if (read) break;
    }
    read ??= readParagraph(lines, index);
    blocks.push(read.block);
    index = read.next;
  }
  return blocks;
}

// Everything up to the closing fence; an unclosed fence (a reply still streaming) runs to the end.
function readFence(lines: string[], index: number): BlockRead {
  const fence = FENCE.exec(lines[index] ?? "");
  if (!fence) return undefined;
  const marker = fence[1] ?? "```";
  const closing = new RegExp(`^ {0,3}${marker[0]}{${marker.length},}\\s*$`);
  let end = index + 1;
  while (end < lines.length && !closing.test(lines[end] ?? "")) end++;
  const value = lines.slice(index + 1, end).join("\n");
  return { block: { type: "code", language: fence[2] ?? "", value }, next: end + 1 };
}

function readIndentedCode(lines: string[], index: number): BlockRead {
  if (indentOf(lines[index] ?? "") < 4) return undefined;
  let end = index;
  while (end < lines.length && (isBlank(lines[end] ?? "") || indentOf(lines[end] ?? "") >= 4)) end++;
  const body = lines.slice(index, end).map((line) => line.slice(4));
  while (body.length > 0 && isBlank(body.at(-1) ?? "")) body.pop();
  return { block: { type: "code", language: "", value: body.join("\n") }, next: end };
}

function readHeading(lines: string[], index: number): BlockRead {
  const heading = HEADING.exec(lines[index] ?? "");
  if (!heading) return undefined;
  const block: Block = { type: "heading", level: heading[1]?.length ?? 1, children: parseInline(heading[2] ?? "") };
  return { block, next: index + 1 };
}

function readRule(lines: string[], index: number): BlockRead {
  return RULE.test(lines[index] ?? "") ? { block: { type: "rule" }, next: index + 1 } : undefined;
}

function readQuote(lines: string[], index: number): BlockRead {
  if (!QUOTE.test(lines[index] ?? "")) return undefined;
  const body: string[] = [];
  let end = index;
  while (end < lines.length && !isBlank(lines[end] ?? "")) {
    const line = lines[end] ?? "";
    const quoted = QUOTE.exec(line);
    // A line without ">" continues the quote's paragraph (a lazy continuation).
    if (!quoted && interruptsParagraph(line)) break;
    body.push(quoted ? (quoted[1] ?? "") : line);
    end++;
  }
  return { block: { type: "quote", children: parseBlocks(body) }, next: end };
}

// Lines up to a blank line or the start of another block; a "===" or "---" line under them makes
// them a heading instead.
function readParagraph(lines: string[], index: number): { block: Block; next: number } {
  const paragraph: string[] = [lines[index] ?? ""];
  let end = index + 1;
  while (end < lines.length && !isBlank(lines[end] ?? "")) {
    const line = lines[end] ?? "";
    const setext = SETEXT.exec(line);
    if (setext) {
      const level = setext[1]?.startsWith("=") ? 1 : 2;
      return { block: { type: "heading", level, children: paragraphInline(paragraph) }, next: end + 1 };
    }
    if (interruptsParagraph(line)) break;
    paragraph.push(line);
    end++;
  }
  return { block: { type: "paragraph", children: paragraphInline(paragraph) }, next: end };
}

function paragraphInline(lines: string[]): Inline[] {
  return parseInline(
    lines
      .map((line) => line.trimStart())
      .join("\n")
      .trimEnd(),
  );
}

interface ListMarker {
  ordered: boolean;
  // "-", "*" or "+"; ")" or "." for ordered lists.
  kind: string;
}

function markerOf(line: string): (ListMarker & { width: number; start: number; first: string }) | undefined {
  const item = LIST_ITEM.exec(line);
  if (!item || indentOf(line) >= 4) return undefined;
  const marker = item[2] ?? "-";
  const ordered = /\d/.test(marker);
  return {
    ordered,
    kind: ordered ? marker.slice(-1) : marker,
    width: (item[1]?.length ?? 0) + marker.length + Math.min(item[3]?.length ?? 1, 4),
    start: ordered ? Number.parseInt(marker, 10) : 1,
    first: item[4] ?? "",
  };
}

// One item's lines: its first line, then lines indented to its content (blank lines included), or
// lazily continuing its paragraph. Returns the lines (dedented) and the index after them.
function readListItem(lines: string[], index: number, width: number, first: string) {
  const body = [first];
  let end = index + 1;
  let blankBefore = false;
  let blankInside = false;
  while (end < lines.length) {
    const line = lines[end] ?? "";
    if (isBlank(line)) {
      blankBefore = true;
    } else if (indentOf(line) >= width) {
      blankInside ||= blankBefore;
      blankBefore = false;
    } else if (blankBefore || interruptsParagraph(line) || LIST_ITEM.test(line)) {
      break;
    }
    body.push(isBlank(line) ? "" : indentOf(line) >= width ? line.slice(width) : line.trimStart());
    end++;
  }
  while (body.length > 0 && isBlank(body.at(-1) ?? "")) body.pop();
  return { body, next: end, blankInside, blankAfter: blankBefore };
}

// Consecutive items with the same kind of marker. Blank lines between or inside items make it loose.
function readList(lines: string[], index: number): BlockRead {
  const first = markerOf(lines[index] ?? "");
  if (!first) return undefined;
  const items: Block[][] = [];
  let tight = true;
  let next = index;
  let blankBetween = false;
  for (;;) {
    const marker = markerOf(lines[next] ?? "");
    if (!marker || marker.ordered !== first.ordered || marker.kind !== first.kind) break;
    const item = readListItem(lines, next, marker.width, marker.first);
    if (item.blankInside || (blankBetween && items.length > 0)) tight = false;
    items.push(parseBlocks(item.body));
    blankBetween = item.blankAfter;
    next = item.next;
  }
  return { block: { type: "list", ordered: first.ordered, start: first.start, tight, items }, next };
}

const ESCAPABLE = /[!-/:-@[-`{-~]/;
const SAFE_PROTOCOL = /^(https?|mailto|ircs?|xmpp)$/i;

// Links keep only safe targets (as react-markdown's default): web and mail addresses, and relative ones.
export function safeHref(url: string): string {
  const colon = url.indexOf(":");
  const beforePath = Math.min(...["/", "?", "#"].map((c) => (url.includes(c) ? url.indexOf(c) : Infinity)));
  if (colon === -1 || colon > beforePath || SAFE_PROTOCOL.test(url.slice(0, colon))) return url;
  return "";
}

// An inline reader looks at the character at `index`: when its construct starts there, it returns
// the nodes it makes and the index after it.
type InlineRead = { nodes: Inline[]; end: number } | undefined;
type InlineReader = (text: string, index: number) => InlineRead;

const inlineReaders: Record<string, InlineReader> = {
  "\\": readEscape,
  "`": readCodeSpan,
  "<": readAutolink,
  "[": readLink,
  "!": readImage,
  "*": readEmphasis,
  _: readEmphasis,
};

export function parseInline(text: string): Inline[] {
  const out: Inline[] = [];
  let plain = "";
  let index = 0;
  while (index < text.length) {
    const char = text[index] ?? "";
    if (char === "\n") {
      // Two spaces before a line end make a hard break; otherwise the line end stays a soft one.
      const hard = plain.endsWith("  ");
      plain = plain.trimEnd();
      if (hard) {
        if (plain) out.push(plain);
        out.push({ type: "break" });
        plain = "";
      } else plain += "\n";
      index++;
      continue;
    }
    const read = inlineReaders[char]?.(text, index);
    if (!read) {
      plain += char;
      index++;
      continue;
    }
    // Text a reader gives back joins the text around it.
    for (const node of read.nodes) {
      if (typeof node === "string") plain += node;
      else {
        if (plain) out.push(plain);
        plain = "";
        out.push(node);
      }
    }
    index = read.end;
  }
  if (plain) out.push(plain);
  return out;
}

function readEscape(text: string, index: number): InlineRead {
  const next = text[index + 1] ?? "";
  if (next === "\n") return { nodes: [{ type: "break" }], end: index + 2 };
  return ESCAPABLE.test(next) ? { nodes: [next], end: index + 2 } : undefined;
}

function readCodeSpan(text: string, index: number): InlineRead {
  const run = /^`+/.exec(text.slice(index))?.[0] ?? "`";
  const close = findRun(text, run, index + run.length);
  // An unmatched run of backticks is literal text.
  if (close === -1) return { nodes: [run], end: index + run.length };
  let value = text.slice(index + run.length, close).replace(/\n/g, " ");
  if (/^ .*[^ ].* $/.test(value)) value = value.slice(1, -1);
  return { nodes: [{ type: "code", value }], end: close + run.length };
}

function readAutolink(text: string, index: number): InlineRead {
  const auto = /^<([a-zA-Z][a-zA-Z0-9+.-]{1,31}:[^\s<>]*)>/.exec(text.slice(index));
  if (!auto?.[1]) return undefined;
  const href = safeHref(auto[1]);
  return { nodes: [href ? { type: "link", href, children: [auto[1]] } : auto[1]], end: index + auto[0].length };
}

function readLink(text: string, index: number): InlineRead {
  const link = parseLink(text, index);
  if (!link) return undefined;
  const href = safeHref(link.url);
  const children = parseInline(link.label);
  // An unsafe target (javascript: and the like) leaves the link's text only.
  return { nodes: href ? [{ type: "link", href, children }] : children, end: link.end };
}

// Remote images would be fetched from anywhere: shown as a link to the image instead.
function readImage(text: string, index: number): InlineRead {
  const link = text[index + 1] === "[" ? parseLink(text, index + 1) : undefined;
  if (!link) return undefined;
  const href = safeHref(link.url);
  return { nodes: [href ? { type: "link", href, children: [link.label || href] } : link.label], end: link.end };
}

// The next backtick run of exactly this length.
function findRun(text: string, run: string, from: number): number {
  let at = text.indexOf(run, from);
  while (at !== -1) {
    const before = text[at - 1] === "`";
    const after = text[at + run.length] === "`";
    if (!before && !after) return at;
    at = text.indexOf(run, at + 1);
  }
  return -1;
}

function parseLink(text: string, open: number): { label: string; url: string; end: number } | undefined {
  let depth = 0;
  let close = -1;
  for (let at = open; at < text.length; at++) {
    const char = text[at];
    if (char === "\\") at++;
    else if (char === "[") depth++;
    else if (char === "]" && --depth === 0) {
      close = at;
      break;
    }
  }
  if (close === -1 || text[close + 1] !== "(") return undefined;
  const target = /^\(\s*(<[^<>\n]*>|[^\s()]*(?:\([^\s()]*\)[^\s()]*)*)(?:\s+("[^"]*"|'[^']*'|\([^)]*\)))?\s*\)/.exec(
    text.slice(close + 1),
  );
  if (!target) return undefined;
  const raw = target[1] ?? "";
  const url = raw.startsWith("<") ? raw.slice(1, -1) : raw;
  return { label: text.slice(open + 1, close), url, end: close + 1 + target[0].length };
}

function readEmphasis(text: string, index: number): InlineRead {
  const emphasis = parseEmphasis(text, index);
  return emphasis ? { nodes: [emphasis.node], end: emphasis.end } : undefined;
}

const WORD_CHARACTER = /[\p{L}\p{N}]/u;

function parseEmphasis(text: string, open: number): { node: Inline; end: number } | undefined {
  const char = text[open] ?? "*";
  const run = text.slice(open, open + 3).match(char === "*" ? /^\*+/ : /^_+/)?.[0] ?? char;
  const size = Math.min(run.length, 2);
  const after = text[open + run.length] ?? "";
  if (after === "" || /\s/.test(after)) return undefined;
  // Underscores inside a word are just underscores (snake_case).
  if (char === "_" && WORD_CHARACTER.test(text[open - 1] ?? "")) return undefined;
  const close = emphasisClose(text, open + size + 1, char, size);
  if (close === -1) return undefined;
  const children = parseInline(text.slice(open + size, close));
  return { node: { type: size === 2 ? "strong" : "em", children }, end: close + size };
}

// Where the emphasis opened with `size` × `char` closes (-1: it does not), skipping code spans.
function emphasisClose(text: string, from: number, char: string, size: number): number {
  const marker = char.repeat(size);
  for (let at = from; at <= text.length - size; at++) {
    if (text[at] === "\\") {
      at++;
    } else if (text[at] === "`") {
      const tick = /^`+/.exec(text.slice(at))?.[0] ?? "`";
      const close = findRun(text, tick, at + tick.length);
      if (close !== -1) at = close + tick.length - 1;
    } else if (text.startsWith(marker, at) && closesHere(text, at, char, size)) {
      return at;
    }
  }
  return -1;
}

function closesHere(text: string, at: number, char: string, size: number): boolean {
  if (/\s/.test(text[at - 1] ?? " ")) return false;
  if (char === "_" && WORD_CHARACTER.test(text[at + size] ?? "")) return false;
  // A single marker right before another one belongs to a "**" run, not to this emphasis.
  return !(size === 1 && text[at + 1] === char && text[at - 1] !== char);
}
