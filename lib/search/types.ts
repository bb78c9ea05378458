// What GET /api/search answers; shared by the server and the search page.
import type { Highlight } from "./snippet";

export type SearchRole = "user" | "assistant";

export interface SearchResult {
  threadId: string;
  threadTitle: string;
  /** Null for a match in the thread's title. */
  messageId: string | null;
  role: SearchRole | null;
  snippet: string;
  /** [start, end) ranges of `snippet` to highlight. */
  highlights: Highlight[];
  /** When the message was written, or the thread last active (ISO 8601). */
  at: string;
}

export interface SearchPage {
  results: SearchResult[];
  /** Pass back as `cursor` for the next page; null on the last page. */
  nextCursor: string | null;
}
