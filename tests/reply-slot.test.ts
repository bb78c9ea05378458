import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { registerUser } from "@/lib/accounts/users";
import { staleReplyMs } from "@/lib/chat/stale-replies";
import { startRetryTurn, startUserTurn, withFreeReplySlot } from "@/lib/chat/turns";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";

async function newUser() {
  return registerUser({ email: `${randomUUID()}@example.vn`, name: "Lan", password: "mat-khau-an-toan" });
}

// A thread whose reply is generating; `stale` makes it look abandoned by a dead process.
async function generatingReply(userId: string, { stale }: { stale: boolean }) {
  const threadId = randomUUID();
  const job = await startUserTurn({ userId, threadId, text: "Câu hỏi" });
  await db().message.update({
    where: { id: job.assistantMessageId },
    data: {
      status: "streaming",
      content: "Nửa câu",
      ...(stale ? { updatedAt: new Date(Date.now() - staleReplyMs() - 1_000) } : {}),
    },
  });
  return { threadId, replyId: job.assistantMessageId };
}

async function statusOf(id: string) {
  return (await db().message.findUniqueOrThrow({ where: { id }, select: { status: true } })).status;
}

describe("withFreeReplySlot", () => {
  it("interrupts the user's stale replies, counts the live ones, and then starts the turn", async () => {
    const user = await newUser();
    const other = await newUser();
    const live = await generatingReply(user.id, { stale: false });
    const stale = await generatingReply(user.id, { stale: true });
    const othersStale = await generatingReply(other.id, { stale: true });

    // The stale reply no longer takes a slot, so a limit of 2 leaves one free.
    const retried = await withFreeReplySlot({ userId: user.id, limit: 2 }, () =>
      startRetryTurn({ userId: user.id, threadId: stale.threadId }),
    );
    expect(retried.assistantMessageId).toBe(stale.replyId);
    expect(await statusOf(stale.replyId)).toBe("pending");
    expect(await statusOf(live.replyId)).toBe("streaming");
    // Another user's replies are theirs to sweep.
    expect(await statusOf(othersStale.replyId)).toBe("streaming");
  });

  it("refuses with too_many_replies, without starting the turn, when the live replies fill the limit", async () => {
    const user = await newUser();
    await generatingReply(user.id, { stale: false });
    await generatingReply(user.id, { stale: true });
    let started = false;
    const error = await withFreeReplySlot({ userId: user.id, limit: 1 }, async () => {
      started = true;
    }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe("too_many_replies");
    expect(started).toBe(false);
    // A limit above the live count lets the turn start.
    await withFreeReplySlot({ userId: user.id, limit: 2 }, async () => {
      started = true;
    });
    expect(started).toBe(true);
  });
});
