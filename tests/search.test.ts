// Search across the user's own threads, on the real database (SQLite, or PostgreSQL with
// TEST_DATABASE=postgres): diacritics and case ignored, word prefixes, titles, hostile input as
// plain words, other users' data never returned, deleted threads gone, replies found by their final text.
import { randomUUID } from "node:crypto";
import { createClient } from "@libsql/client";
import { describe, expect, it } from "vitest";
import type { ContextDeps } from "@/lib/chat/context";
import { activeRepliesOf, staleReplyMs } from "@/lib/chat/stale-replies";
import { threadWithMessagesForUser } from "@/lib/chat/threads";
import { createProgressSaves } from "@/lib/chat/progress-saves";
import { saveReplyOutcome, startUserTurn } from "@/lib/chat/turns";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { messageInThread } from "@/lib/search/open-message";
import { ftsMatchExpression, searchWords } from "@/lib/search/query";
import { searchThreads, SEARCH_PAGE_SIZE, SEARCH_RECENT_WINDOW, type SearchResult } from "@/lib/search/search";
import { SEARCH_SQL } from "@/lib/search/sql";
import { foldVietnamese } from "@/lib/text/fold";
import { backfillSearchText } from "../scripts/search-backfill.mjs";
import { newUser } from "./support/fixtures";
import { createTestDatabase } from "./support/test-database.mjs";

const deps: ContextDeps = {
  limits: async () => ({ maxInputTokens: 4000, maxTotalTokens: 8192 }),
  counter: { count: async (text) => text.length },
  minReplyTokens: 256,
};

// Strictly increasing times, so "newest first" has one answer on PostgreSQL (which orders by createdAt).
let clock = Date.UTC(2026, 0, 1);

/** A thread with the given title and messages (alternating user/assistant), written as any writer would. */
async function threadWith(userId: string, title: string, texts: string[]) {
  const thread = await db().thread.create({ data: { userId, title }, select: { id: true } });
  const ids: string[] = [];
  for (const [position, content] of texts.entries()) {
    const role = position % 2 === 0 ? "user" : "assistant";
    const message = await db().message.create({
      data: { threadId: thread.id, position, role, content, createdAt: new Date((clock += 1000)) },
      select: { id: true },
    });
    ids.push(message.id);
  }
  return { threadId: thread.id, messageIds: ids };
}

const search = (userId: string, query: string, cursor?: string | null) => searchThreads({ userId, query, cursor });

function highlighted(result: SearchResult): string[] {
  return result.highlights.map(([start, end]) => result.snippet.slice(start, end));
}

describe("search", () => {
  it("ignores Vietnamese diacritics and case, in both directions", async () => {
    const { id: userId } = await newUser();
    const { messageIds } = await threadWith(userId, "Du lịch", [
      "Tôi đang học Tiếng Việt ở trường.",
      "Đà Nẵng có biển Mỹ Khê rất đẹp.",
    ]);
    for (const query of ["tieng viet", "TIENG VIET", "tiếng việt", "Tiếng Việt"]) {
      const { results } = await search(userId, query);
      expect(
        results.map((result) => result.messageId),
        query,
      ).toEqual([messageIds[0]]);
      expect(highlighted(results[0] as SearchResult)).toEqual(["Tiếng", "Việt"]);
    }
    for (const query of ["da nang", "Da Nang", "đà nẵng", "ĐÀ NẴNG", "dà nang"]) {
      const { results } = await search(userId, query);
      expect(
        results.map((result) => result.messageId),
        query,
      ).toEqual([messageIds[1]]);
      expect(highlighted(results[0] as SearchResult)).toEqual(["Đà", "Nẵng"]);
    }
  });

  it("matches each word as a prefix and needs every word", async () => {
    const { id: userId } = await newUser();
    const { messageIds } = await threadWith(userId, "Ghi chú", ["Lịch trình Đà Nẵng ba ngày", "Đà Lạt mùa hoa dã quỳ"]);
    const ids = async (query: string) => (await search(userId, query)).results.map((result) => result.messageId);
    expect(await ids("da nan")).toEqual([messageIds[0]]);
    expect(await ids("d n")).toEqual([messageIds[0]]);
    expect(new Set(await ids("da"))).toEqual(new Set(messageIds));
    expect(await ids("lat hoa")).toEqual([messageIds[1]]);
    expect(await ids("nang hoa")).toEqual([]);
    // A prefix of a word, never the middle of one.
    expect(await ids("ang")).toEqual([]);
  });

  it("finds thread titles, listed before messages, with no message id", async () => {
    const { id: userId } = await newUser();
    const { threadId, messageIds } = await threadWith(userId, "Món phở Hà Nội", ["Nấu phở thế nào?"]);
    const { results } = await search(userId, "pho");
    expect(results.map((result) => [result.threadId, result.messageId, result.role])).toEqual([
      [threadId, null, null],
      [threadId, messageIds[0], "user"],
    ]);
    expect(results[0]?.threadTitle).toBe("Món phở Hà Nội");
    expect(highlighted(results[0] as SearchResult)).toEqual(["phở"]);
  });

  it("finds a renamed thread by its new title only", async () => {
    const { id: userId } = await newUser();
    const { threadId } = await threadWith(userId, "Tiêu đề cũ", []);
    await db().thread.update({ where: { id: threadId }, data: { title: "Kế hoạch Sài Gòn" } });
    expect((await search(userId, "sai gon")).results.map((result) => result.threadId)).toEqual([threadId]);
    expect((await search(userId, "tieu de")).results).toEqual([]);
  });

  it.each([
    ['"', "unbalanced quote"],
    ["*", "a star alone"],
    ["NEAR(", "an FTS operator"],
    ['\'; DROP TABLE "Message"; --', "SQL"],
    ["a OR b NOT c -d ^e body:f", "FTS keywords and columns"],
    ["(((", "parentheses"],
    ["😀 漢字 \u0000 \uFFFF", "emoji, CJK and odd code points"],
    ["x".repeat(200), "a long word"],
    ["& | ! <-> :* '", "tsquery operators"],
  ])("treats %j (%s) as a normal search", async (query) => {
    const { id: userId } = await newUser();
    await threadWith(userId, "Bình thường", ["Một câu bình thường."]);
    await expect(search(userId, query)).resolves.toEqual({ results: [], nextCursor: null });
  });

  it("finds words next to punctuation and quotes", async () => {
    const { id: userId } = await newUser();
    const { messageIds } = await threadWith(userId, "Mã", ['Lỗi "NEAR(x)" ở dòng 42: thiếu dấu *']);
    expect((await search(userId, '"near(x)"')).results.map((result) => result.messageId)).toEqual(messageIds);
    expect((await search(userId, "dong 42")).results.map((result) => result.messageId)).toEqual(messageIds);
  });

  it("never returns another user's threads or messages", async () => {
    const { id: mine } = await newUser();
    const { id: theirs } = await newUser();
    const own = await threadWith(mine, "Của tôi", ["Bí mật Đà Nẵng của tôi"]);
    await threadWith(theirs, "Bí mật Đà Nẵng", ["Bí mật Đà Nẵng của người khác", "Đà Nẵng nữa"]);
    const { results } = await search(mine, "bi mat da nang");
    expect(results.map((result) => result.messageId)).toEqual(own.messageIds);
    expect(results.every((result) => result.threadId === own.threadId)).toBe(true);
    const { results: none } = await search((await newUser()).id, "bi mat");
    expect(none).toEqual([]);
  });

  it("forgets a deleted thread's title and messages", async () => {
    const { id: userId } = await newUser();
    const { threadId } = await threadWith(userId, "Xoá tôi đi", ["Tin nhắn sẽ bị xoá"]);
    expect((await search(userId, "xoa")).results).toHaveLength(2);
    await db().thread.delete({ where: { id: threadId } });
    expect((await search(userId, "xoa")).results).toEqual([]);
  });

  it("finds a question as soon as it is sent, in a new thread and in a thread that goes on", async () => {
    const { id: userId } = await newUser();
    const threadId = randomUUID();
    const first = await startUserTurn({ userId, threadId, text: "Phở bò Nam Định" }, deps);
    await saveReplyOutcome(first.assistantMessageId, { content: "Ngon.", status: "complete", finishReason: "stop" });
    const second = await startUserTurn({ userId, threadId, text: "Bánh cuốn Thanh Trì" }, deps);
    // The first question is also the thread's title: that result has no message.
    const messagesFound = async (query: string) =>
      (await search(userId, query)).results.flatMap((result) => (result.messageId ? [result.messageId] : []));
    expect(await messagesFound("pho bo nam dinh")).toEqual([first.window.candidates.at(-1)?.id]);
    expect(await messagesFound("banh cuon thanh tri")).toEqual([second.window.candidates.at(-1)?.id]);
    const titleFound = (await search(userId, "pho bo")).results.filter((result) => !result.messageId);
    expect(titleFound.map((result) => result.threadId)).toEqual([threadId]);
  });

  it("indexes a reply by its final text when it ends, not while it streams", async () => {
    const { id: userId } = await newUser();
    const threadId = randomUUID();
    const job = await startUserTurn({ userId, threadId, text: "Kể về Huế" }, deps);
    // Its progress, as the reply's writer saves it while streaming.
    const progress = createProgressSaves({ intervalMs: 60_000, touchMs: 60_000 });
    progress.track(job.assistantMessageId, "Huế là cố đô");
    await new Promise((resolve) => setImmediate(resolve));
    await progress.forget(job.assistantMessageId);
    const streaming = await db().message.findUnique({ where: { id: job.assistantMessageId } });
    expect([streaming?.status, streaming?.content]).toEqual(["streaming", "Huế là cố đô"]);
    expect((await search(userId, "co do")).results).toEqual([]);
    await saveReplyOutcome(job.assistantMessageId, {
      content: "Huế là cố đô của triều Nguyễn, nổi tiếng với Đại Nội.",
      status: "complete",
      finishReason: "stop",
    });
    const { results } = await search(userId, "trieu nguyen dai noi");
    expect(results.map((result) => [result.messageId, result.role])).toEqual([[job.assistantMessageId, "assistant"]]);
    // Editing the text later (any writer through the app's client) re-indexes it.
    await db().message.update({ where: { id: job.assistantMessageId }, data: { content: "Đã sửa: Hội An" } });
    expect((await search(userId, "dai noi")).results).toEqual([]);
    expect((await search(userId, "hoi an")).results.map((result) => result.messageId)).toEqual([
      job.assistantMessageId,
    ]);
  });

  it("indexes a reply a dead process left behind by the text it had, once it is marked interrupted", async () => {
    const { id: userId } = await newUser();
    const abandoned = async (text: string) => {
      const job = await startUserTurn({ userId, threadId: randomUUID(), text: "Kể tiếp đi" }, deps);
      // Streaming progress as the dead process last wrote it (not indexed while streaming).
      await db().message.update({
        where: { id: job.assistantMessageId },
        data: { status: "streaming", content: text, updatedAt: new Date(Date.now() - staleReplyMs() - 1_000) },
      });
      expect((await search(userId, text)).results).toEqual([]);
      return job;
    };
    // Found stale when its thread is read...
    const read = await abandoned("Lăng Cô mùa xuân");
    await threadWithMessagesForUser({ threadId: read.threadId, userId });
    expect((await search(userId, "lang co")).results.map((result) => result.messageId)).toEqual([
      read.assistantMessageId,
    ]);
    // ...or by the user's next chat request.
    const swept = await abandoned("Phong Nha Kẻ Bàng");
    expect(await activeRepliesOf(userId, async (active) => active)).toBe(0);
    expect((await search(userId, "phong nha ke bang")).results.map((result) => result.messageId)).toEqual([
      swept.assistantMessageId,
    ]);
  });

  it("pages messages newest first with a cursor", async () => {
    const { id: userId } = await newUser();
    const texts = Array.from({ length: SEARCH_PAGE_SIZE + 5 }, (_, n) => `Câu hỏi về phở số ${n}`);
    const { messageIds } = await threadWith(userId, "Nhiều câu", texts);
    const first = await search(userId, "cau hoi");
    expect(first.results.map((result) => result.messageId)).toEqual(messageIds.slice(5).reverse());
    expect(first.nextCursor).toEqual(expect.any(String));
    const second = await search(userId, "cau hoi", first.nextCursor);
    expect(second.results.map((result) => result.messageId)).toEqual(messageIds.slice(0, 5).reverse());
    expect(second.nextCursor).toBeNull();
  });

  it("finds the same pages whether the matches are among the newest messages or further back", async () => {
    // PostgreSQL walks the owner's newest SEARCH_RECENT_WINDOW messages first and falls back to the
    // full-text index when they hold less than a page: both must give one order, across pages.
    const { id: userId } = await newUser();
    const thread = await db().thread.create({ data: { userId, title: "Nhật ký" }, select: { id: true } });
    const total = SEARCH_RECENT_WINDOW + SEARCH_PAGE_SIZE + 10;
    // Oldest first: "Huế" in the 25 oldest (beyond the window) and in every 200th message (10 inside
    // it, less than a page); "cơm" in every other message (a page within the window).
    const texts = Array.from({ length: total }, (_, n) =>
      [n < 25 || n % 200 === 0 ? "Chuyến đi Huế" : "Ghi chú", n % 2 === 0 ? "cơm tấm" : "bún"].join(" "),
    );
    const start = (clock += 1000);
    clock += total * 1000;
    await db().message.createMany({
      data: texts.map((content, position) => ({
        id: `m-${userId}-${String(position).padStart(5, "0")}`,
        threadId: thread.id,
        position,
        role: position % 2 === 0 ? "user" : "assistant",
        content,
        createdAt: new Date(start + position * 1000),
      })),
    });
    const newestFirst = (match: (text: string) => boolean) =>
      texts
        .map((text, position) => ({ text, id: `m-${userId}-${String(position).padStart(5, "0")}` }))
        .filter(({ text }) => match(text))
        .map(({ id }) => id)
        .reverse();
    const everyPage = async (query: string) => {
      const ids: (string | null)[] = [];
      let cursor: string | null = null;
      do {
        const page = await search(userId, query, cursor);
        expect(page.results.filter((result) => result.messageId).length).toBeLessThanOrEqual(SEARCH_PAGE_SIZE);
        ids.push(...page.results.filter((result) => result.messageId).map((result) => result.messageId));
        cursor = page.nextCursor;
      } while (cursor);
      return ids;
    };
    const hue = newestFirst((text) => text.includes("Huế"));
    expect(hue.length).toBe(35);
    expect(await everyPage("hue")).toEqual(hue);
    const first = await search(userId, "com tam");
    expect(first.results.map((result) => result.messageId)).toEqual(
      newestFirst((text) => text.includes("cơm")).slice(0, SEARCH_PAGE_SIZE),
    );
    const rice = await everyPage("com");
    expect(rice).toEqual(newestFirst((text) => text.includes("cơm")));
  });

  it.runIf(!(process.env.DATABASE_URL ?? "").startsWith("file:"))(
    "PostgreSQL: records every message's owner for the newest-first walk, however it is written",
    async () => {
      const { id: userId } = await newUser();
      const { threadId } = await threadWith(userId, "Ghi chú", ["Phở bò", "Bún chả"]);
      // As a writer that bypasses Prisma (the seeder, a script) would: the trigger still fills it.
      await db().$executeRawUnsafe(
        `INSERT INTO "Message" ("id", "threadId", "position", "role", "content", "updatedAt")
         VALUES ($1, $2, 2, 'user', 'Cơm tấm', CURRENT_TIMESTAMP)`,
        randomUUID(),
        threadId,
      );
      const owners = await db().$queryRawUnsafe<{ searchOwner: string | null }[]>(
        `SELECT "searchOwner" FROM "Message" WHERE "threadId" = $1`,
        threadId,
      );
      expect(owners).toEqual([{ searchOwner: userId }, { searchOwner: userId }, { searchOwner: userId }]);
    },
  );

  it("refuses a cursor it did not give", async () => {
    const { id: userId } = await newUser();
    for (const cursor of ["nonsense", Buffer.from('{"rowid":-1}').toString("base64url"), "e30"]) {
      const error = await search(userId, "pho", cursor).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(AppError);
      expect((error as AppError).status).toBe(400);
      expect((error as AppError).fields).toEqual({ cursor: "invalid_cursor" });
    }
  });

  it("makes rows written without a folded copy searchable with the migrate step's backfill", async () => {
    const { id: userId } = await newUser();
    const threadId = randomUUID();
    const messageId = randomUUID();
    const url = process.env.DATABASE_URL ?? "";
    const provider = url.startsWith("file:") ? "sqlite" : "postgres";
    const [a, b, c] = provider === "sqlite" ? ["?", "?", "?"] : ["$1", "$2", "$3"];
    // As rows written before the search migration (or by an older version) are: raw, unfolded.
    await db().$executeRawUnsafe(
      `INSERT INTO "Thread" ("id", "userId", "title", "updatedAt") VALUES (${a}, ${b}, ${c}, CURRENT_TIMESTAMP)`,
      threadId,
      userId,
      "Chuyến đi Quảng Bình",
    );
    await db().$executeRawUnsafe(
      `INSERT INTO "Message" ("id", "threadId", "position", "role", "content", "updatedAt")
       VALUES (${a}, ${b}, 0, 'user', ${c}, CURRENT_TIMESTAMP)`,
      messageId,
      threadId,
      "Động Phong Nha có gì đẹp?",
    );
    expect((await search(userId, "phong nha")).results).toEqual([]);
    expect(await backfillSearchText(url, provider)).toBeGreaterThanOrEqual(2);
    expect((await search(userId, "quang binh")).results.map((result) => result.threadId)).toEqual([threadId]);
    expect((await search(userId, "dong phong nha")).results.map((result) => result.messageId)).toEqual([messageId]);
    // Idempotent: nothing left to fold.
    expect(await backfillSearchText(url, provider)).toBe(0);
  });

  it("opens a thread at a message only when it is one of the user's thread's", async () => {
    const { id: mine } = await newUser();
    const { id: theirs } = await newUser();
    const own = await threadWith(mine, "Một", ["câu một"]);
    const other = await threadWith(mine, "Hai", ["câu hai"]);
    const foreign = await threadWith(theirs, "Ba", ["câu ba"]);
    const open = (userId: string, threadId: string, messageId: unknown) =>
      messageInThread({ userId, threadId, messageId });
    expect(await open(mine, own.threadId, own.messageIds[0])).toEqual({ thread: "own", messageId: own.messageIds[0] });
    expect(await open(mine, own.threadId, other.messageIds[0])).toEqual({ thread: "own", messageId: null });
    expect(await open(mine, own.threadId, foreign.messageIds[0])).toEqual({ thread: "own", messageId: null });
    expect(await open(mine, own.threadId, ["a", "b"])).toEqual({ thread: "own", messageId: null });
    expect(await open(mine, own.threadId, "x".repeat(500))).toEqual({ thread: "own", messageId: null });
    expect(await open(mine, foreign.threadId, foreign.messageIds[0])).toEqual({ thread: "missing" });
    expect(await open(theirs, own.threadId, own.messageIds[0])).toEqual({ thread: "missing" });
  });
});

// SQLite's index is keyed by the rowids of "Thread" and "Message". VACUUM renumbers the rowids of a
// table without indexes; these have their primary key's, so their rowids, and the index, survive
// it. On a database of its own: VACUUM needs the file to itself.
describe.runIf(env().DATABASE_URL.startsWith("file:"))("search on SQLite after VACUUM", () => {
  it("still finds each text in its own message once rows before it were deleted", async () => {
    const database = await createTestDatabase("vacuum", "sqlite");
    const client = createClient({ url: database.url });
    try {
      const userId = randomUUID();
      const insert = async (threadId: string, texts: string[]) => {
        await client.execute({
          sql: `INSERT INTO "User" ("id", "email", "name", "passwordHash", "createdAt", "updatedAt") VALUES (?1, ?2, 'V', 'x', ?3, ?3) ON CONFLICT DO NOTHING`,
          args: [userId, `${userId}@example.vn`, new Date().toISOString()],
        });
        await client.execute({
          sql: `INSERT INTO "Thread" ("id", "userId", "title", "titleFolded", "createdAt", "updatedAt", "lastActivityAt") VALUES (?1, ?2, 't', 't', ?3, ?3, ?3)`,
          args: [threadId, userId, new Date().toISOString()],
        });
        const ids = texts.map(() => randomUUID());
        for (const [position, text] of texts.entries()) {
          await client.execute({
            sql: `INSERT INTO "Message" ("id", "threadId", "position", "role", "content", "contentFolded", "createdAt", "updatedAt") VALUES (?1, ?2, ?3, 'user', ?4, ?5, ?6, ?6)`,
            args: [ids[position] ?? "", threadId, position, text, foldVietnamese(text), new Date().toISOString()],
          });
        }
        return ids;
      };
      const gone = randomUUID();
      await insert(gone, ["câu một", "trả lời một", "câu hai", "trả lời hai"]);
      const kept = await insert(randomUUID(), ["Chợ Bến Thành", "Sài Gòn", "Phố cổ Hội An"]);
      await client.execute({ sql: `DELETE FROM "Thread" WHERE "id" = ?1`, args: [gone] });
      await client.execute("VACUUM");
      const found = async (query: string) => {
        const { rows } = await client.execute({
          sql: SEARCH_SQL.sqliteMessages,
          args: [ftsMatchExpression(userId, searchWords(query)), Number.MAX_SAFE_INTEGER, userId, 10],
        });
        return rows.map((row) => row.id);
      };
      expect(await found("ben thanh")).toEqual([kept[0]]);
      expect(await found("hoi an")).toEqual([kept[2]]);
      expect(await found("tra loi")).toEqual([]);
    } finally {
      client.close();
      await database.drop();
    }
  });
});
