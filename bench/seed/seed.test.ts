// The seed's rows, written as multi-row INSERTs, read back through the app's generated client as
// rows it wrote itself would: the spec's counts, one branch per thread, times a DateTime filter
// compares correctly with (SQLite compares the stored text), and the folded copies search reads.
import { afterAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "../../tests/support/test-database.mjs";
import { foldVietnamese } from "../../lib/text/fold.ts";
import { QUICK_SEED, seedId } from "./data.ts";
import { openDb, seedDatabase, type DatabaseKind } from "./seed.ts";

const EPOCH = Date.UTC(2025, 0, 1);
const MINUTE = 60_000;

describe.each<DatabaseKind>(["sqlite", "postgres"])("seeding %s", (kind) => {
  const drops: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const drop of drops) await drop();
  });

  it("writes the spec's rows as the app's client reads and filters them", async () => {
    const database = await createTestDatabase("seed_test", kind);
    drops.push(() => database.drop());
    await seedDatabase(kind, database.url, QUICK_SEED);
    const db = openDb(kind, database.url);
    drops.unshift(() => db.$disconnect());

    expect(await db.user.count()).toBe(QUICK_SEED.users);
    expect(await db.thread.count()).toBe(QUICK_SEED.threads);
    expect(await db.message.count()).toBe(QUICK_SEED.messages);

    // The first long thread belongs to the bench user: its messages form one branch, 30 s apart.
    const thread = await db.thread.findUniqueOrThrow({
      where: { id: seedId("thread", 0) },
      include: { messages: { orderBy: { position: "asc" } } },
    });
    expect(thread.userId).toBe(seedId("user", 0));
    expect(thread.createdAt).toEqual(new Date(EPOCH));
    expect(thread.updatedAt).toEqual(thread.createdAt);
    expect(thread.titleFolded).toBe(foldVietnamese(thread.title));
    expect(thread.messages).toHaveLength(QUICK_SEED.longThreadMessages);
    for (const [position, message] of thread.messages.entries()) {
      expect(message.parentId).toBe(position === 0 ? null : thread.messages[position - 1]?.id);
      expect(message.createdAt).toEqual(new Date(EPOCH + position * 30_000));
      expect(message.contentFolded).toBe(foldVietnamese(message.content));
      expect(message.status).toBe("complete");
      expect(message.finishReason).toBe(message.role === "user" ? null : "stop");
    }

    // A DateTime filter sees the stored times in order: on SQLite it compares the stored text with
    // the client's, so a time written in another format (say "Z" for "+00:00") fails at the boundary.
    const threads = await db.thread.findMany({ select: { createdAt: true, lastActivityAt: true } });
    const since = new Date(EPOCH + 10 * MINUTE);
    expect(await db.thread.count({ where: { createdAt: { gt: since } } })).toBe(
      threads.filter((row) => row.createdAt > since).length,
    );
    const newest = await db.thread.findMany({ orderBy: { lastActivityAt: "desc" }, take: 5 });
    const byTime = threads.map((row) => row.lastActivityAt.getTime()).sort((a, b) => b - a);
    expect(newest.map((row) => row.lastActivityAt.getTime())).toEqual(byTime.slice(0, 5));
  });
});
