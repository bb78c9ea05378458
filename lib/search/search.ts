import "server-only";
import { z } from "zod";
import { databaseProvider, db, rawSql } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { SEARCH_SQL } from "./sql";
import { ftsMatchExpression, ownerTsQuery, searchWords, tsQueryExpression } from "./query";
import { snippetOf } from "./snippet";
import type { SearchPage, SearchResult, SearchRole } from "./types";

export type { SearchPage, SearchResult } from "./types";

// Search across one user's threads: titles and message texts, diacritics and case ignored, every
// word a prefix, all words required. The database's full-text index answers (SQLite FTS5 with the
// owner inside the index, PostgreSQL GIN over to_tsvector('simple', …) joined to the owner's
// threads); only the page of hits is read back. Order: title matches first (most recently active
// threads, first page only), then messages newest first, SEARCH_PAGE_SIZE a page, with a cursor.

export const SEARCH_PAGE_SIZE = 20;
export const SEARCH_TITLE_RESULTS = 5;
// PostgreSQL: how many of the owner's newest messages are walked before the GIN lookup takes over
// (a word in 1% of them still fills a page; the walk costs a few milliseconds at most).
export const SEARCH_RECENT_WINDOW = 2000;

// Where the previous page ended: SQLite orders by the index's rowid, PostgreSQL by (createdAt, id).
const cursorSchema = z.union([
  z.strictObject({ rowid: z.number().int().positive() }),
  z.strictObject({ at: z.iso.datetime(), id: z.string().min(1).max(64) }),
]);
type Cursor = z.infer<typeof cursorSchema>;

export function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify(cursor), "utf8").toString("base64url");
}

export function decodeCursor(cursor: string): Cursor {
  try {
    const parsed = cursorSchema.safeParse(JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")));
    if (parsed.success) return parsed.data;
  } catch {
    // Not base64url JSON: answered below like any other foreign cursor.
  }
  throw new AppError("bad_request", "The cursor is not one this search gave.", { cursor: "invalid_cursor" });
}

export async function searchThreads({
  userId,
  query,
  cursor,
}: {
  userId: string;
  query: string;
  cursor?: string | null;
}): Promise<SearchPage> {
  const after = cursor ? decodeCursor(cursor) : null;
  const words = searchWords(query);
  if (words.length === 0) return { results: [], nextCursor: null };
  const hits = databaseProvider() === "sqlite" ? sqliteHits : postgresHits;
  const [titleIds, messageHits] = await Promise.all([
    after ? Promise.resolve([]) : hits.titles(userId, words),
    hits.messages(userId, words, after),
  ]);
  const more = messageHits.length > SEARCH_PAGE_SIZE;
  const page = messageHits.slice(0, SEARCH_PAGE_SIZE);
  const last = page.at(-1);
  return {
    results: [...(await titleResults(userId, titleIds, words)), ...(await messageResults(userId, page, words))],
    nextCursor: more && last ? encodeCursor(last.cursor) : null,
  };
}

interface MessageHit {
  id: string;
  cursor: Cursor;
}

interface HitQueries {
  titles(userId: string, words: string[]): Promise<string[]>;
  /** One more than a page, to tell whether another page follows. */
  messages(userId: string, words: string[], after: Cursor | null): Promise<MessageHit[]>;
}

const sqliteHits: HitQueries = {
  async titles(userId, words) {
    const rows = await rawSql().query<{ id: string }>(SEARCH_SQL.sqliteTitles, [
      ftsMatchExpression(userId, words),
      userId,
      SEARCH_TITLE_RESULTS,
    ]);
    return rows.map((row) => row.id);
  },
  async messages(userId, words, after) {
    const before = after && "rowid" in after ? after.rowid : Number.MAX_SAFE_INTEGER;
    const rows = await rawSql().query<{ id: string; seq: number }>(SEARCH_SQL.sqliteMessages, [
      ftsMatchExpression(userId, words),
      before,
      userId,
      SEARCH_PAGE_SIZE + 1,
    ]);
    return rows.map((row) => ({ id: row.id, cursor: { rowid: row.seq } }));
  },
};

const postgresHits: HitQueries = {
  async titles(userId, words) {
    const rows = await rawSql().query<{ id: string }>(SEARCH_SQL.postgresTitles, [
      userId,
      tsQueryExpression(words),
      SEARCH_TITLE_RESULTS,
    ]);
    return rows.map((row) => row.id);
  },
  async messages(userId, words, after) {
    const before = after && "at" in after ? after : { at: "infinity", id: "" };
    // A common word fills a page within the owner's newest messages: walking them beats sorting
    // every match. When the window holds less than a page, the GIN lookup below finds the rest.
    const recent = await rawSql().query<{ id: string; at: string }>(SEARCH_SQL.postgresRecentMessages, [
      userId,
      before.at,
      before.id,
      SEARCH_RECENT_WINDOW,
      tsQueryExpression(words),
      SEARCH_PAGE_SIZE + 1,
    ]);
    const rows =
      recent.length > SEARCH_PAGE_SIZE
        ? recent
        : await rawSql().query<{ id: string; at: string }>(SEARCH_SQL.postgresMessages, [
            ownerTsQuery(userId),
            tsQueryExpression(words),
            before.at,
            before.id,
            SEARCH_PAGE_SIZE + 1,
          ]);
    return rows.map((row) => ({ id: row.id, cursor: { at: row.at, id: row.id } }));
  },
};

async function titleResults(userId: string, ids: string[], words: string[]): Promise<SearchResult[]> {
  if (ids.length === 0) return [];
  const threads = await db().thread.findMany({
    where: { id: { in: ids }, userId },
    orderBy: [{ lastActivityAt: "desc" }, { id: "desc" }],
    select: { id: true, title: true, lastActivityAt: true },
  });
  return threads.map((thread) => {
    const { text, highlights } = snippetOf(thread.title, words);
    return {
      threadId: thread.id,
      threadTitle: thread.title,
      messageId: null,
      role: null,
      snippet: text,
      highlights,
      at: thread.lastActivityAt.toISOString(),
    };
  });
}

async function messageResults(userId: string, hits: MessageHit[], words: string[]): Promise<SearchResult[]> {
  if (hits.length === 0) return [];
  // By id alone, the owner checked on each row: a relation filter here made SQLite walk the owner's messages.
  const found = await db().message.findMany({
    where: { id: { in: hits.map((hit) => hit.id) } },
    select: {
      id: true,
      role: true,
      content: true,
      createdAt: true,
      thread: { select: { id: true, title: true, userId: true } },
    },
  });
  const messages = found.filter((message) => message.thread.userId === userId);
  const byId = new Map(messages.map((message) => [message.id, message]));
  return hits.flatMap((hit) => {
    const message = byId.get(hit.id);
    if (!message) return [];
    const { text, highlights } = snippetOf(message.content, words);
    return [
      {
        threadId: message.thread.id,
        threadTitle: message.thread.title,
        messageId: message.id,
        role: message.role as SearchRole,
        snippet: text,
        highlights,
        at: message.createdAt.toISOString(),
      },
    ];
  });
}
