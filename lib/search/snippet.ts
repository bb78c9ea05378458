import { foldWithOffsets } from "@/lib/text/fold";

// A result's excerpt: about SNIPPET_CHARS of the ORIGINAL text (marks and case as written) around
// the first match, with the matched words' ranges in it for highlighting. Matching is done on the
// folded text; offsets map back through foldWithOffsets, so they stay right where folding changes length.

export const SNIPPET_CHARS = 160;
// How much text comes before the first match when the text is cut.
const LEAD_CHARS = 50;
// How far a cut may move to land on a space instead of mid-word.
const BOUNDARY_SLACK = 20;
const ELLIPSIS = "…";

export type Highlight = [start: number, end: number];

export interface Snippet {
  text: string;
  highlights: Highlight[];
}

const WORD_CHARACTER = /[\p{L}\p{N}]/u;

/** Where the words match as word prefixes, as whole-word ranges of the original text. */
export function matchRanges(text: string, words: readonly string[]): Highlight[] {
  if (words.length === 0) return [];
  const { folded, starts, ends } = foldWithOffsets(text);
  const alternatives = [...words]
    .sort((a, b) => b.length - a.length)
    .map(escapeRegExp)
    .join("|");
  const pattern = new RegExp(`(?<![\\p{L}\\p{N}])(?:${alternatives})[\\p{L}\\p{N}]*`, "gu");
  const ranges: Highlight[] = [];
  for (const match of folded.matchAll(pattern)) {
    const first = match.index;
    const last = first + match[0].length - 1;
    const start = starts[first];
    const end = ends[last];
    if (start !== undefined && end !== undefined) ranges.push([start, end]);
  }
  return ranges;
}

export function snippetOf(text: string, words: readonly string[], maxChars = SNIPPET_CHARS): Snippet {
  const ranges = matchRanges(text, words);
  if (text.length <= maxChars) return { text, highlights: ranges };
  const anchor = ranges[0]?.[0] ?? 0;
  let start = anchor <= LEAD_CHARS ? 0 : wordStartAfter(text, anchor - LEAD_CHARS, anchor);
  let end = Math.min(text.length, start + maxChars);
  if (end < text.length) end = wordEndBefore(text, end, Math.max(start + 1, ranges[0]?.[1] ?? start + 1));
  start = codePointBoundary(text, start);
  end = codePointBoundary(text, end);
  const prefix = start > 0 ? ELLIPSIS : "";
  const suffix = end < text.length ? ELLIPSIS : "";
  const shift = prefix.length - start;
  const highlights = ranges
    .filter(([from, to]) => to > start && from < end)
    .map(([from, to]): Highlight => [Math.max(from, start) + shift, Math.min(to, end) + shift]);
  return { text: `${prefix}${text.slice(start, end)}${suffix}`, highlights };
}

// The start of the first word at or after `from` (within the slack, and not past `limit`).
function wordStartAfter(text: string, from: number, limit: number): number {
  for (let index = from; index < Math.min(limit, from + BOUNDARY_SLACK); index++) {
    if (/\s/.test(text[index] ?? "") && WORD_CHARACTER.test(text[index + 1] ?? "")) return index + 1;
  }
  return from;
}

// The end of the last word at or before `from` (within the slack, and not before `limit`).
function wordEndBefore(text: string, from: number, limit: number): number {
  for (let index = from; index > Math.max(limit, from - BOUNDARY_SLACK); index--) {
    if (/\s/.test(text[index] ?? "")) return index;
  }
  return from;
}

// Never cut a surrogate pair or separate a letter from its combining marks.
function codePointBoundary(text: string, index: number): number {
  let at = index;
  while (at > 0 && at < text.length && /[\p{M}\uDC00-\uDFFF]/u.test(text[at] ?? "")) at--;
  return at;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
