// The batched progress writer of streaming replies, on the real database (SQLite and PostgreSQL).
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { registerUser } from "@/lib/accounts/users";
import { createProgressSaves } from "@/lib/chat/progress-saves";
import { interruptStaleReplies } from "@/lib/chat/stale-replies";
import { saveReplyOutcome } from "@/lib/chat/turns";
import { db } from "@/lib/db";

async function pendingReplies(count: number) {
  const user = await registerUser({ email: `${randomUUID()}@example.vn`, name: "Lan", password: "mat-khau-an-toan" });
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const thread = await db().thread.create({ data: { userId: user.id, title: `t${i}` } });
    await db().message.create({ data: { threadId: thread.id, position: 0, role: "user", content: "hỏi" } });
    const reply = await db().message.create({
      data: { threadId: thread.id, position: 1, role: "assistant", content: "", status: "pending" },
    });
    ids.push(reply.id);
  }
  return { userId: user.id, ids };
}

const stored = (id: string) =>
  db().message.findUniqueOrThrow({ where: { id }, select: { content: true, status: true, updatedAt: true } });

const turn = () => new Promise<void>((resolve) => setImmediate(resolve));
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

describe("progress saves", () => {
  it("writes every reply's text in one go, each its own, as streaming, with a fresh time", async () => {
    const { ids } = await pendingReplies(3);
    const [a, b, c] = ids as [string, string, string];
    const saves = createProgressSaves({ intervalMs: 60_000, touchMs: 60_000 });
    const before = Date.now();
    saves.track(a, "Xin chào");
    saves.track(b, "Hà Nội có 'dấu nháy' và \"ngoặc\"");
    saves.track(c, "");
    await turn();
    await saves.forget(c);
    expect(await stored(a)).toMatchObject({ content: "Xin chào", status: "streaming" });
    expect(await stored(b)).toMatchObject({ content: "Hà Nội có 'dấu nháy' và \"ngoặc\"", status: "streaming" });
    expect((await stored(c)).status).toBe("streaming");
    expect((await stored(a)).updatedAt.getTime()).toBeGreaterThanOrEqual(before - 5);
    await saves.forget(a);
    await saves.forget(b);
  });

  it("writes a hundred replies in small statements, every one of them", async () => {
    const { ids } = await pendingReplies(100);
    const saves = createProgressSaves({ intervalMs: 60_000, touchMs: 60_000 });
    ids.forEach((id, i) => saves.track(id, `Trả lời số ${i}`));
    await turn();
    // forget() waits for the write in flight, all of its statements.
    await saves.forget(ids[0] as string);
    const rows = await db().message.findMany({ where: { id: { in: ids } }, select: { id: true, content: true } });
    expect(new Map(rows.map((row) => [row.id, row.content]))).toEqual(
      new Map(ids.map((id, i) => [id, `Trả lời số ${i}`])),
    );
    for (const id of ids) await saves.forget(id);
  });

  it("writes changed text at each interval and touches unchanged replies, so they are not taken for dead", async () => {
    const { userId, ids } = await pendingReplies(1);
    const id = ids[0] as string;
    const saves = createProgressSaves({ intervalMs: 100, touchMs: 100 });
    saves.track(id, "một");
    await turn();
    saves.update(id, "một hai");
    await sleep(250);
    expect((await stored(id)).content).toBe("một hai");
    const touched = (await stored(id)).updatedAt.getTime();
    await sleep(250);
    expect((await stored(id)).updatedAt.getTime()).toBeGreaterThan(touched);
    // Time comparisons (the stale check's) see the stored time as the recent one it is.
    const recent = { id, updatedAt: { gt: new Date(Date.now() - 10_000) } };
    const old = { id, updatedAt: { lt: new Date(Date.now() - 10_000) } };
    expect([await db().message.count({ where: recent }), await db().message.count({ where: old })]).toEqual([1, 0]);
    await interruptStaleReplies({ userId });
    expect((await stored(id)).status).toBe("streaming");
    await saves.forget(id);
  });

  it("never overwrites a reply that has ended, and stops writing a forgotten one", async () => {
    const { ids } = await pendingReplies(1);
    const id = ids[0] as string;
    const saves = createProgressSaves({ intervalMs: 50, touchMs: 50 });
    saves.track(id, "một");
    await turn();
    saves.update(id, "một hai");
    await saves.forget(id);
    await saveReplyOutcome(id, { content: "một hai ba", status: "complete", finishReason: "stop" });
    saves.update(id, "cũ");
    await sleep(150);
    expect(await stored(id)).toMatchObject({ content: "một hai ba", status: "complete" });

    // Even a write decided before the end but reaching the database after it cannot undo it.
    const { ids: others } = await pendingReplies(1);
    const other = others[0] as string;
    await saveReplyOutcome(other, { content: "xong", status: "stopped", finishReason: "stopped" });
    saves.track(other, "muộn");
    await turn();
    await saves.forget(other);
    expect(await stored(other)).toMatchObject({ content: "xong", status: "stopped" });
  });
});
