import { foldVietnamese } from "@/lib/text/fold";

// What a search query means: its folded words, each matching as a word prefix, all required.
// Words are letters and digits only, so nothing a user types can become full-text syntax
// (quotes, `*`, `-`, NEAR, parentheses and the like only separate words).

export const SEARCH_QUERY_MAX_CHARS = 200;
// Enough for any real query; bounds the work one request can ask of the index.
export const SEARCH_MAX_WORDS = 8;

const NOT_WORD = /[^\p{L}\p{N}]+/u;

/** The query's distinct folded words, in order, at most SEARCH_MAX_WORDS. */
export function searchWords(query: string): string[] {
  const words = foldVietnamese(query.normalize("NFC")).split(NOT_WORD).filter(Boolean);
  return [...new Set(words)].slice(0, SEARCH_MAX_WORDS);
}

/** SQLite FTS5: the owner's token and every word as a prefix (the index's columns are owner, body). */
export function ftsMatchExpression(userId: string, words: readonly string[]): string {
  const prefixes = words.map((word) => `"${word.replaceAll('"', '""')}"*`).join(" AND ");
  return `owner : "${ownerToken(userId)}" AND body : (${prefixes})`;
}

/** The owner column's single token: the user id's UTF-8 bytes in hex, as the triggers' hex() writes it. */
export function ownerToken(userId: string): string {
  return Buffer.from(userId, "utf8").toString("hex");
}

/** PostgreSQL: every word as a prefix lexeme, for to_tsquery('simple', …). */
export function tsQueryExpression(words: readonly string[]): string {
  return words.map((word) => `'${word.replaceAll("'", "''")}':*`).join(" & ");
}

/** PostgreSQL: the owner's lexeme in "searchVector", as a tsquery literal (cast, never parsed as words). */
export function ownerTsQuery(userId: string): string {
  return `'~${ownerToken(userId)}'`;
}
