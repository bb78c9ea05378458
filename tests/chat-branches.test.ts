// Conversation branches with the database: regenerate and edit add versions, the model reads only
// the current branch, switching versions follows the newest descendants, undo deletes the last
// exchange, the leaf's compare-and-swap refuses turns planned on a branch that changed, and
// another user's thread or message is not found.
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import type { ContextDeps } from "@/lib/chat/context";
import { threadWithMessagesForUser } from "@/lib/chat/threads";
import {
  saveReplyOutcome,
  showBranchOfMessage,
  startEditTurn,
  startRegenerateTurn,
  startRetryTurn,
  startUserTurn,
  undoLastExchange,
  type ReplyJob,
} from "@/lib/chat/turns";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { newUser, rejection } from "./support/fixtures";

// No model server: lengths stand in for token counts, with a context that holds everything.
const deps: ContextDeps = {
  limits: async () => ({ maxInputTokens: 6000, maxTotalTokens: 8192 }),
  counter: { count: async (text) => text.length },
  minReplyTokens: 256,
};

async function answer(job: ReplyJob, content: string) {
  await saveReplyOutcome(job.assistantMessageId, { content, status: "complete", finishReason: "stop" });
}

async function shown(userId: string, threadId: string) {
  const thread = await threadWithMessagesForUser({ userId, threadId });
  return thread?.messages ?? [];
}

async function contents(userId: string, threadId: string) {
  return (await shown(userId, threadId)).map((message) => message.content);
}

/** A thread of two answered exchanges: Q1 A1 Q2 A2. */
async function twoExchanges() {
  const { id: userId } = await newUser();
  const threadId = randomUUID();
  await answer(await startUserTurn({ userId, threadId, text: "Q1" }, deps), "A1");
  await answer(await startUserTurn({ userId, threadId, text: "Q2" }, deps), "A2");
  return { userId, threadId };
}

describe("regenerate", () => {
  it("adds a version of the last reply from the same history and keeps the earlier one", async () => {
    const { userId, threadId } = await twoExchanges();
    const [, , , firstReply] = await shown(userId, threadId);
    const job = await startRegenerateTurn({ userId, threadId, messageId: firstReply?.id ?? "" }, deps);
    expect(job.history).toEqual([
      { role: "user", content: "Q1" },
      { role: "assistant", content: "A1" },
      { role: "user", content: "Q2" },
    ]);
    await answer(job, "A2 bis");

    const messages = await shown(userId, threadId);
    expect(messages.map((message) => message.content)).toEqual(["Q1", "A1", "Q2", "A2 bis"]);
    expect(messages.map((message) => message.position)).toEqual([0, 1, 2, 3]);
    expect(messages.at(-1)?.versions).toEqual({ index: 2, count: 2, previousId: firstReply?.id, nextId: null });
    expect(messages[2]?.versions).toEqual({ index: 1, count: 1, previousId: null, nextId: null });

    await showBranchOfMessage({ userId, threadId, messageId: firstReply?.id ?? "" });
    const back = await shown(userId, threadId);
    expect(back.map((message) => message.content)).toEqual(["Q1", "A1", "Q2", "A2"]);
    expect(back.at(-1)?.versions).toMatchObject({ index: 1, count: 2, nextId: job.assistantMessageId });
  });

  it("refuses anything but the branch's last reply, and while a reply is generating", async () => {
    const { userId, threadId } = await twoExchanges();
    const [question, reply, , lastReply] = await shown(userId, threadId);
    expect((await rejection(startRegenerateTurn({ userId, threadId, messageId: reply?.id ?? "" }, deps))).code).toBe(
      "conflict",
    );
    expect((await rejection(startRegenerateTurn({ userId, threadId, messageId: question?.id ?? "" }, deps))).code).toBe(
      "conflict",
    );
    await startRegenerateTurn({ userId, threadId, messageId: lastReply?.id ?? "" }, deps);
    const pending = (await shown(userId, threadId)).at(-1);
    expect(pending?.status).toBe("pending");
    expect((await rejection(startRegenerateTurn({ userId, threadId, messageId: pending?.id ?? "" }, deps))).code).toBe(
      "conflict",
    );
    expect((await rejection(showBranchOfMessage({ userId, threadId, messageId: lastReply?.id ?? "" }))).code).toBe(
      "conflict",
    );
  });
});

describe("edit", () => {
  it("forks the conversation at the edited question; the model reads only the new branch", async () => {
    const { userId, threadId } = await twoExchanges();
    const [firstQuestion] = await shown(userId, threadId);
    const job = await startEditTurn({ userId, threadId, messageId: firstQuestion?.id ?? "", text: "Q1 sửa" }, deps);
    expect(job.history).toEqual([{ role: "user", content: "Q1 sửa" }]);
    await answer(job, "A1 mới");

    const forked = await shown(userId, threadId);
    expect(forked.map((message) => message.content)).toEqual(["Q1 sửa", "A1 mới"]);
    expect(forked[0]?.versions).toEqual({ index: 2, count: 2, previousId: firstQuestion?.id, nextId: null });
    expect(forked[0]?.parentId).toBeNull();

    // The next question follows the new branch only.
    const next = await startUserTurn({ userId, threadId, text: "Q3" }, deps);
    expect(next.history.map((turn) => turn.content)).toEqual(["Q1 sửa", "A1 mới", "Q3"]);
    await answer(next, "A3");

    // The earlier version brings back its whole branch, down to its newest message.
    await showBranchOfMessage({ userId, threadId, messageId: firstQuestion?.id ?? "" });
    expect(await contents(userId, threadId)).toEqual(["Q1", "A1", "Q2", "A2"]);
    const forkId = forked[0]?.id ?? "";
    await showBranchOfMessage({ userId, threadId, messageId: forkId });
    expect(await contents(userId, threadId)).toEqual(["Q1 sửa", "A1 mới", "Q3", "A3"]);
  });

  it("edits a later question, keeping what came before it", async () => {
    const { userId, threadId } = await twoExchanges();
    const [, firstReply, secondQuestion] = await shown(userId, threadId);
    const job = await startEditTurn({ userId, threadId, messageId: secondQuestion?.id ?? "", text: "Q2 khác" }, deps);
    expect(job.history.map((turn) => turn.content)).toEqual(["Q1", "A1", "Q2 khác"]);
    await answer(job, "A2 khác");
    const messages = await shown(userId, threadId);
    expect(messages.map((message) => message.content)).toEqual(["Q1", "A1", "Q2 khác", "A2 khác"]);
    expect(messages[2]?.parentId).toBe(firstReply?.id);
    expect(messages[2]?.versions).toMatchObject({ index: 2, count: 2 });
  });

  it("refuses a reply, a message of another branch, and a message while a reply is generating", async () => {
    const { userId, threadId } = await twoExchanges();
    const [question, reply] = await shown(userId, threadId);
    const editOf = (messageId: string) => startEditTurn({ userId, threadId, messageId, text: "x" }, deps);
    expect((await rejection(editOf(reply?.id ?? ""))).code).toBe("bad_request");
    const fork = await startEditTurn({ userId, threadId, messageId: question?.id ?? "", text: "nhánh mới" }, deps);
    expect((await rejection(editOf(fork.assistantMessageId))).code).toBe("bad_request");
    expect((await rejection(editOf(question?.id ?? ""))).code).toBe("conflict");
    await answer(fork, "xong");
    // The first question is on another branch now.
    expect((await rejection(editOf(question?.id ?? ""))).code).toBe("conflict");
  });
});

describe("undo", () => {
  it("deletes the branch's last exchange with its versions and returns the question", async () => {
    const { userId, threadId } = await twoExchanges();
    const last = (await shown(userId, threadId)).at(-1);
    const regenerated = await startRegenerateTurn({ userId, threadId, messageId: last?.id ?? "" }, deps);
    await answer(regenerated, "A2 bis");

    const result = await undoLastExchange({ userId, threadId, messageId: regenerated.assistantMessageId });
    expect(result).toEqual({ text: "Q2" });
    expect(await contents(userId, threadId)).toEqual(["Q1", "A1"]);
    expect(await db().message.count({ where: { threadId } })).toBe(2);

    await undoLastExchange({ userId, threadId, messageId: (await shown(userId, threadId)).at(-1)?.id ?? "" });
    expect(await shown(userId, threadId)).toEqual([]);
    expect(await db().thread.findUnique({ where: { id: threadId }, select: { currentLeafId: true } })).toEqual({
      currentLeafId: null,
    });
    // The thread goes on from empty.
    await answer(await startUserTurn({ userId, threadId, text: "Lại từ đầu" }, deps), "Được");
    expect(await contents(userId, threadId)).toEqual(["Lại từ đầu", "Được"]);
  });

  it("keeps the other versions of an undone question", async () => {
    const { userId, threadId } = await twoExchanges();
    const [, , secondQuestion] = await shown(userId, threadId);
    const fork = await startEditTurn({ userId, threadId, messageId: secondQuestion?.id ?? "", text: "Q2'" }, deps);
    await answer(fork, "A2'");
    expect(await undoLastExchange({ userId, threadId, messageId: fork.assistantMessageId })).toEqual({ text: "Q2'" });
    // The branch ends at the first reply; the original second question is still a version away.
    expect(await contents(userId, threadId)).toEqual(["Q1", "A1"]);
    await showBranchOfMessage({ userId, threadId, messageId: secondQuestion?.id ?? "" });
    expect(await contents(userId, threadId)).toEqual(["Q1", "A1", "Q2", "A2"]);
  });

  it("refuses while a reply is generating and when the caller's last message is not the branch's", async () => {
    const { userId, threadId } = await twoExchanges();
    const [, firstReply] = await shown(userId, threadId);
    expect((await rejection(undoLastExchange({ userId, threadId, messageId: firstReply?.id ?? "" }))).code).toBe(
      "conflict",
    );
    const pending = await startUserTurn({ userId, threadId, text: "Q3" }, deps);
    expect((await rejection(undoLastExchange({ userId, threadId, messageId: pending.assistantMessageId }))).code).toBe(
      "conflict",
    );
    expect(await contents(userId, threadId)).toEqual(["Q1", "A1", "Q2", "A2", "Q3", ""]);
  });
});

describe("the current leaf's compare-and-swap", () => {
  /** Sends two messages to the thread at once: one must get in, the other be refused with a conflict. */
  async function expectOneOfTwoSimultaneous(userId: string, threadId: string) {
    const results = await Promise.allSettled([
      startUserTurn({ userId, threadId, text: "Một" }, deps),
      startUserTurn({ userId, threadId, text: "Hai" }, deps),
    ]);
    expect(results.filter((result) => result.status === "fulfilled")).toHaveLength(1);
    const refused = results.find((result) => result.status === "rejected");
    expect(refused?.status === "rejected" ? (refused.reason as AppError).code : undefined).toBe("conflict");
  }

  it("lets one of two simultaneous messages in and refuses the other", async () => {
    const { userId, threadId } = await twoExchanges();
    await expectOneOfTwoSimultaneous(userId, threadId);
    expect(await db().message.count({ where: { threadId } })).toBe(6);
  });

  it("lets one of two simultaneous first messages create the thread and refuses the other", async () => {
    const { id: userId } = await newUser();
    const threadId = randomUUID();
    await expectOneOfTwoSimultaneous(userId, threadId);
    expect(await db().message.count({ where: { threadId } })).toBe(2);
  });

  it("refuses a turn planned on a branch that changed before it was saved", async () => {
    const { userId, threadId } = await twoExchanges();
    const [, firstReply] = await shown(userId, threadId);
    // Another tab moves the branch while this turn is being planned.
    const racing: ContextDeps = {
      ...deps,
      limits: async () => {
        await db().thread.update({ where: { id: threadId }, data: { currentLeafId: firstReply?.id ?? null } });
        return deps.limits();
      },
    };
    expect((await rejection(startUserTurn({ userId, threadId, text: "Muộn" }, racing))).code).toBe("conflict");
    expect(await db().message.count({ where: { threadId } })).toBe(4);
  });

  it("retries a failed reply in place on a branch that is not the first", async () => {
    const { userId, threadId } = await twoExchanges();
    const last = (await shown(userId, threadId)).at(-1);
    const regenerated = await startRegenerateTurn({ userId, threadId, messageId: last?.id ?? "" }, deps);
    await saveReplyOutcome(regenerated.assistantMessageId, { content: "", status: "failed", errorCode: "model_error" });
    const retry = await startRetryTurn({ userId, threadId }, deps);
    expect(retry.assistantMessageId).toBe(regenerated.assistantMessageId);
    expect(retry.history.map((turn) => turn.content)).toEqual(["Q1", "A1", "Q2"]);
  });
});

describe("another user's thread and messages", () => {
  it("are not found for every branch action", async () => {
    const { userId, threadId } = await twoExchanges();
    const intruder = (await newUser()).id;
    const [question, , , reply] = await shown(userId, threadId);
    const ref = { userId: intruder, threadId };
    const codes = await Promise.all([
      rejection(startRegenerateTurn({ ...ref, messageId: reply?.id ?? "" }, deps)),
      rejection(startEditTurn({ ...ref, messageId: question?.id ?? "", text: "x" }, deps)),
      rejection(undoLastExchange({ ...ref, messageId: reply?.id ?? "" })),
      rejection(showBranchOfMessage({ ...ref, messageId: question?.id ?? "" })),
    ]);
    expect(codes.map((error) => error.code)).toEqual(["not_found", "not_found", "not_found", "not_found"]);
    expect(await contents(userId, threadId)).toEqual(["Q1", "A1", "Q2", "A2"]);
  });

  it("a message of another thread is not found in this one", async () => {
    const { userId, threadId } = await twoExchanges();
    const other = await twoExchanges();
    const [foreign] = await shown(other.userId, other.threadId);
    const messageId = foreign?.id ?? "";
    expect((await rejection(showBranchOfMessage({ userId, threadId, messageId }))).code).toBe("not_found");
    expect((await rejection(startEditTurn({ userId, threadId, messageId, text: "x" }, deps))).code).toBe("not_found");
    expect((await rejection(undoLastExchange({ userId, threadId, messageId }))).code).toBe("not_found");
    expect(await contents(other.userId, other.threadId)).toEqual(["Q1", "A1", "Q2", "A2"]);
  });
});

describe("threads written without a current leaf", () => {
  it("show their newest branch", async () => {
    const { id: userId } = await newUser();
    const threadId = randomUUID();
    const [q, a] = [randomUUID(), randomUUID()];
    await db().thread.create({ data: { id: threadId, userId, title: "Cũ" } });
    await db().message.create({ data: { id: q, threadId, position: 0, role: "user", content: "Hỏi" } });
    await db().message.create({
      data: { id: a, threadId, parentId: q, position: 1, role: "assistant", content: "Đáp" },
    });
    expect(await contents(userId, threadId)).toEqual(["Hỏi", "Đáp"]);
    const next = await startUserTurn({ userId, threadId, text: "Tiếp" }, deps);
    expect(next.history.map((turn) => turn.content)).toEqual(["Hỏi", "Đáp", "Tiếp"]);
  });
});

describe("a message sent from a tab showing another branch", () => {
  it("is refused rather than answered on the branch the sender does not see", async () => {
    const { userId, threadId } = await twoExchanges();
    const [, firstReply, , lastReply] = await shown(userId, threadId);
    const stale = await rejection(startUserTurn({ userId, threadId, text: "Q3", leafId: firstReply?.id }, deps));
    expect(stale.code).toBe("conflict");
    expect(stale.fields).toEqual({ leafId: "branch_changed" });
    const job = await startUserTurn({ userId, threadId, text: "Q3", leafId: lastReply?.id }, deps);
    expect(job.history.map((turn) => turn.content)).toEqual(["Q1", "A1", "Q2", "A2", "Q3"]);
  });
});
