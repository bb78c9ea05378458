import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { registerUser } from "@/lib/accounts/users";
import {
  decodeThreadCursor,
  deleteAllThreadsForUser,
  deleteAllThreadsSchema,
  deleteThreadForUser,
  encodeThreadCursor,
  renameThreadForUser,
  renameThreadSchema,
  threadPageForUser,
} from "@/lib/chat/thread-list";
import { db } from "@/lib/db";
import { rejection } from "./support/fixtures";

async function newUser(name = "Lan") {
  return registerUser({ email: `${randomUUID()}@example.vn`, name, password: "mat-khau-an-toan" });
}

// A thread with two messages, last active at `at`.
async function seedThread(userId: string, title: string, at: Date) {
  const thread = await db().thread.create({
    data: {
      userId,
      title,
      lastActivityAt: at,
      messages: {
        create: [
          { position: 0, role: "user", content: `${title}?` },
          { position: 1, role: "assistant", content: `${title}.` },
        ],
      },
    },
  });
  return thread.id;
}

// Every page of the user's list, following nextCursor to the end.
async function allPages(userId: string, limit: number) {
  const pages: string[][] = [];
  let cursor: string | null = null;
  do {
    const page = await threadPageForUser({ userId, cursor, limit });
    pages.push(page.threads.map((thread) => thread.id));
    cursor = page.nextCursor;
  } while (cursor !== null && pages.length < 100);
  return pages;
}

describe("threadPageForUser", () => {
  it("pages through every thread once, newest activity first, ties broken by id", async () => {
    const user = await newUser();
    const other = await newUser("Other");
    const base = Date.UTC(2026, 10, 20, 8, 0, 0);
    // Seven threads, four of them sharing one timestamp so a page boundary falls inside the tie.
    const times = [base + 5_000, base, base, base, base, base - 1, base - 60_000];
    const ids: string[] = [];
    for (const [index, time] of times.entries()) ids.push(await seedThread(user.id, `T${index}`, new Date(time)));
    await seedThread(other.id, "Not mine", new Date(base + 10_000));

    const expected = (await db().thread.findMany({ where: { userId: user.id } }))
      .sort((a, b) => b.lastActivityAt.getTime() - a.lastActivityAt.getTime() || (a.id < b.id ? 1 : -1))
      .map((thread) => thread.id);
    for (const limit of [1, 2, 3, 4, 7, 50]) {
      const pages = await allPages(user.id, limit);
      expect(pages.flat(), `limit ${limit}`).toEqual(expected);
      expect(new Set(pages.flat()).size).toBe(ids.length);
      expect(pages.at(-1)?.length, `limit ${limit}: the last page is not empty`).toBeGreaterThan(0);
      expect(pages.slice(0, -1).every((page) => page.length === limit)).toBe(true);
    }
  });

  it("gives no cursor after the last thread, and nothing for a user with no threads", async () => {
    const user = await newUser();
    await seedThread(user.id, "Một", new Date());
    expect(await threadPageForUser({ userId: user.id, limit: 1 })).toMatchObject({ nextCursor: null });
    expect(await threadPageForUser({ userId: (await newUser()).id })).toEqual({ threads: [], nextCursor: null });
  });

  it("does not repeat or skip threads when a thread moves to the top between pages", async () => {
    const user = await newUser();
    const base = Date.UTC(2026, 10, 21);
    const ids = [];
    for (let index = 0; index < 6; index++)
      ids.push(await seedThread(user.id, `T${index}`, new Date(base + index * 1000)));
    const first = await threadPageForUser({ userId: user.id, limit: 3 });
    // The oldest thread gets a reply: it leaves the unread part of the list for the top.
    await db().thread.update({ where: { id: ids[0] }, data: { lastActivityAt: new Date(base + 60_000) } });
    const second = await threadPageForUser({ userId: user.id, cursor: first.nextCursor, limit: 3 });
    expect(first.threads.map((thread) => thread.title)).toEqual(["T5", "T4", "T3"]);
    expect(second.threads.map((thread) => thread.title)).toEqual(["T2", "T1"]);
    expect(second.nextCursor).toBeNull();
  });

  it("keeps another user's threads out even with a cursor made from one of them", async () => {
    const owner = await newUser();
    const intruder = await newUser("Intruder");
    const secret = await seedThread(owner.id, "Bí mật", new Date());
    const cursor = encodeThreadCursor({ lastActivityAt: new Date(Date.now() + 60_000), id: secret });
    expect(await threadPageForUser({ userId: intruder.id, cursor })).toEqual({ threads: [], nextCursor: null });
  });

  it("refuses a cursor it did not give out with bad_request", async () => {
    const user = await newUser();
    const garbage = [
      "abc",
      "!!!",
      Buffer.from("[1,2]").toString("base64url"),
      Buffer.from(JSON.stringify([-5, randomUUID()])).toString("base64url"),
      Buffer.from(JSON.stringify({ at: 1, id: randomUUID() })).toString("base64url"),
      Buffer.from(JSON.stringify([1.5, "not-a-uuid"])).toString("base64url"),
    ];
    for (const cursor of garbage) {
      const error = await rejection(threadPageForUser({ userId: user.id, cursor }));
      expect(error.code, cursor).toBe("bad_request");
      expect(error.fields).toEqual({ cursor: "cursor_invalid" });
    }
    const id = randomUUID();
    const at = new Date(Date.UTC(2026, 0, 2, 3, 4, 5, 678));
    expect(decodeThreadCursor(encodeThreadCursor({ lastActivityAt: at, id }))).toEqual({ lastActivityAt: at, id });
  });
});

describe("rename", () => {
  it("accepts a trimmed title of 1 to 80 characters on one line", () => {
    expect(renameThreadSchema.parse({ title: "  Kế hoạch du lịch  " })).toEqual({ title: "Kế hoạch du lịch" });
    expect(renameThreadSchema.parse({ title: "ữ".repeat(80) }).title).toHaveLength(80);
    const refused: [unknown, string][] = [
      [{ title: "" }, "title_empty"],
      [{ title: "   " }, "title_empty"],
      [{ title: "a".repeat(81) }, "title_too_long"],
      [{ title: "dòng một\ndòng hai" }, "control_characters"],
      [{ title: "tab\there" }, "control_characters"],
      [{ title: 42 }, "title_empty"],
      [{}, "title_empty"],
    ];
    for (const [body, reason] of refused) {
      const result = renameThreadSchema.safeParse(body);
      expect(result.success, JSON.stringify(body)).toBe(false);
      expect(result.error?.issues[0]?.message, JSON.stringify(body)).toBe(reason);
    }
    expect(renameThreadSchema.safeParse({ title: "ok", extra: 1 }).success).toBe(false);
  });

  it("renames the owner's thread without moving it, and answers not_found to anyone else", async () => {
    const owner = await newUser();
    const intruder = await newUser("Intruder");
    const at = new Date(Date.UTC(2026, 10, 1));
    const threadId = await seedThread(owner.id, "Cũ", at);
    const renamed = await renameThreadForUser({ threadId, userId: owner.id, title: "Mới" });
    expect(renamed).toEqual({ id: threadId, title: "Mới", lastActivityAt: at });
    const error = await rejection(renameThreadForUser({ threadId, userId: intruder.id, title: "Của tôi" }));
    expect(error.code).toBe("not_found");
    expect((await rejection(renameThreadForUser({ threadId: randomUUID(), userId: owner.id, title: "x" }))).code).toBe(
      "not_found",
    );
    expect((await db().thread.findUniqueOrThrow({ where: { id: threadId } })).title).toBe("Mới");
  });
});

describe("delete", () => {
  it("deletes a thread with its messages, and answers not_found to another user", async () => {
    const owner = await newUser();
    const intruder = await newUser("Intruder");
    const kept = await seedThread(owner.id, "Giữ", new Date());
    const doomed = await seedThread(owner.id, "Xóa", new Date());
    expect((await rejection(deleteThreadForUser({ threadId: doomed, userId: intruder.id }))).code).toBe("not_found");
    expect(await db().message.count({ where: { threadId: doomed } })).toBe(2);

    await deleteThreadForUser({ threadId: doomed, userId: owner.id });
    expect(await db().thread.findUnique({ where: { id: doomed } })).toBeNull();
    expect(await db().message.count({ where: { threadId: doomed } })).toBe(0);
    expect(await db().message.count({ where: { threadId: kept } })).toBe(2);
    expect((await rejection(deleteThreadForUser({ threadId: doomed, userId: owner.id }))).code).toBe("not_found");
  });

  it("deletes a thread whose reply is still generating", async () => {
    const user = await newUser();
    const threadId = await seedThread(user.id, "Đang trả lời", new Date());
    await db().message.create({
      data: { threadId, position: 2, role: "assistant", content: "nửa", status: "streaming" },
    });
    await deleteThreadForUser({ threadId, userId: user.id });
    expect(await db().message.count({ where: { threadId } })).toBe(0);
  });

  it("deletes all of one user's threads and messages and nobody else's", async () => {
    const user = await newUser();
    const other = await newUser("Other");
    for (let index = 0; index < 3; index++) await seedThread(user.id, `Mine ${index}`, new Date());
    const theirs = await seedThread(other.id, "Theirs", new Date());
    expect(await deleteAllThreadsForUser({ userId: user.id })).toBe(3);
    expect(await db().thread.count({ where: { userId: user.id } })).toBe(0);
    expect(await db().message.count({ where: { thread: { userId: user.id } } })).toBe(0);
    expect(await db().message.count({ where: { threadId: theirs } })).toBe(2);
    expect(await deleteAllThreadsForUser({ userId: user.id })).toBe(0);
  });

  it("needs the explicit confirmation to delete everything", () => {
    expect(deleteAllThreadsSchema.safeParse({ confirm: "DELETE" }).success).toBe(true);
    for (const body of [{}, { confirm: "delete" }, { confirm: true }, { confirm: "YES" }, null]) {
      expect(deleteAllThreadsSchema.safeParse(body).success, JSON.stringify(body)).toBe(false);
    }
  });
});
