import "server-only";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { ACTIVE_REPLY_STATUSES, interruptStaleReplies } from "./stale-replies";
import { messageFields, titleFromMessage, toStoredMessage, type StoredMessage } from "./threads";

export interface ChatTurn {
  role: "user" | "assistant";
  content: string;
}

export interface ThreadRef {
  userId: string;
  threadId: string;
}

// What a reply needs: where to write it and what the model should read.
export interface ReplyJob {
  userId: string;
  threadId: string;
  assistantMessageId: string;
  history: ChatTurn[];
  threadCreated: boolean;
  // Text the reply already has (a continued reply); the model writes what follows it.
  prefix: string;
}

// The turns the model sees: every user message, and every assistant reply that has text.
// A question whose reply failed stays out, with its missing answer, except the last one.
export function historyForPrompt(messages: Pick<StoredMessage, "role" | "content" | "status">[]): ChatTurn[] {
  const turns: ChatTurn[] = [];
  messages.forEach((message, index) => {
    if (message.role === "assistant") {
      if (message.content.length > 0) turns.push({ role: "assistant", content: message.content });
      return;
    }
    const next = messages[index + 1];
    const answered = next?.role === "assistant" && next.content.length > 0;
    if (answered || index === messages.length - 1) turns.push({ role: "user", content: message.content });
  });
  return turns;
}

// Saves the user's message and a pending reply in one transaction, creating the thread on first use.
export async function startUserTurn({ userId, threadId, text }: ThreadRef & { text: string }): Promise<ReplyJob> {
  await interruptStaleReplies({ threadId });
  return db().$transaction(async (tx) => {
    const thread = await tx.thread.findUnique({ where: { id: threadId }, select: { userId: true } });
    if (thread && thread.userId !== userId) throw new AppError("not_found", "No such thread.");
    if (!thread) {
      await tx.thread.create({ data: { id: threadId, userId, title: titleFromMessage(text) } });
    }
    const earlier = (
      await tx.message.findMany({ where: { threadId }, orderBy: { position: "asc" }, select: messageFields })
    ).map(toStoredMessage);
    const last = earlier.at(-1);
    if (last && ACTIVE_REPLY_STATUSES.includes(last.status)) {
      throw new AppError("conflict", "A reply is still being generated in this thread.");
    }
    const position = (last?.position ?? -1) + 1;
    const now = new Date();
    await tx.message.create({ data: { threadId, position, role: "user", content: text, status: "complete" } });
    const reply = await tx.message.create({
      data: { threadId, position: position + 1, role: "assistant", content: "", status: "pending" },
      select: { id: true },
    });
    await tx.thread.update({ where: { id: threadId }, data: { lastActivityAt: now } });
    return {
      userId,
      threadId,
      assistantMessageId: reply.id,
      history: historyForPrompt([...earlier, { role: "user", content: text, status: "complete" }]),
      threadCreated: !thread,
      prefix: "",
    };
  });
}

// Retry: the last reply of the thread, if it did not complete, is generated again in place.
export async function startRetryTurn({ userId, threadId }: ThreadRef): Promise<ReplyJob> {
  await interruptStaleReplies({ threadId });
  return db().$transaction(async (tx) => {
    const thread = await tx.thread.findFirst({ where: { id: threadId, userId }, select: { id: true } });
    if (!thread) throw new AppError("not_found", "No such thread.");
    const messages = (
      await tx.message.findMany({ where: { threadId }, orderBy: { position: "asc" }, select: messageFields })
    ).map(toStoredMessage);
    const last = messages.at(-1);
    if (!last || last.role !== "assistant" || !["failed", "stopped", "interrupted"].includes(last.status)) {
      throw new AppError("conflict", "The last reply of this thread cannot be retried.");
    }
    await tx.message.update({
      where: { id: last.id },
      data: { content: "", status: "pending", errorCode: null, finishReason: null },
    });
    await tx.thread.update({ where: { id: threadId }, data: { lastActivityAt: new Date() } });
    return {
      userId,
      threadId,
      assistantMessageId: last.id,
      history: historyForPrompt(messages.slice(0, -1)),
      threadCreated: false,
      prefix: "",
    };
  });
}

// Continue: a reply cut short (stopped, interrupted, or at its length limit) is sent back as
// the open assistant turn, and the model's continuation is appended to the same message.
export async function startContinueTurn({ userId, threadId }: ThreadRef): Promise<ReplyJob> {
  await interruptStaleReplies({ threadId });
  return db().$transaction(async (tx) => {
    const thread = await tx.thread.findFirst({ where: { id: threadId, userId }, select: { id: true } });
    if (!thread) throw new AppError("not_found", "No such thread.");
    const messages = (
      await tx.message.findMany({ where: { threadId }, orderBy: { position: "asc" }, select: messageFields })
    ).map(toStoredMessage);
    const last = messages.at(-1);
    const cutShort =
      last?.role === "assistant" &&
      last.content.length > 0 &&
      (["stopped", "interrupted"].includes(last.status) ||
        (last.status === "complete" && last.finishReason === "length"));
    if (!last || !cutShort) throw new AppError("conflict", "The last reply of this thread cannot be continued.");
    await tx.message.update({
      where: { id: last.id },
      data: { status: "pending", errorCode: null, finishReason: null },
    });
    await tx.thread.update({ where: { id: threadId }, data: { lastActivityAt: new Date() } });
    return {
      userId,
      threadId,
      assistantMessageId: last.id,
      history: historyForPrompt(messages),
      threadCreated: false,
      prefix: last.content,
    };
  });
}

// Fairness: a user has at most `limit` replies generating at once, across threads and instances.
export async function assertReplySlotFree({ userId, limit }: { userId: string; limit: number }): Promise<void> {
  await interruptStaleReplies({ userId });
  const active = await db().message.count({
    where: { role: "assistant", status: { in: ACTIVE_REPLY_STATUSES }, thread: { userId } },
  });
  if (active >= limit) {
    throw new AppError(
      "too_many_replies",
      `You already have ${active} replies being generated; wait for one to finish or stop it.`,
    );
  }
}

export async function saveReplyProgress(messageId: string, content: string): Promise<void> {
  await db().message.update({ where: { id: messageId }, data: { content, status: "streaming" } });
}

export async function saveReplyOutcome(
  messageId: string,
  outcome: { content: string; status: "complete" | "stopped" | "failed"; errorCode?: string; finishReason?: string },
): Promise<void> {
  await db().message.update({
    where: { id: messageId },
    data: {
      content: outcome.content,
      status: outcome.status,
      errorCode: outcome.errorCode ?? null,
      finishReason: outcome.finishReason ?? null,
    },
  });
}
