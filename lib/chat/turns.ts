import "server-only";
import { db, type Db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import type { GenerationSettings } from "@/lib/phogpt/generation-settings";
import { contextDeps, planReplyWindow, replyBudget, windowTurns, type ContextDeps, type ReplyWindow } from "./context";
import { generationSettingsFor } from "./generation-settings";
import { promptMessages, type ChatTurn } from "./prompt-history";
import { ACTIVE_REPLY_STATUSES, interruptStaleReplies } from "./stale-replies";
import { messageFields, titleFromMessage, toStoredMessage, type StoredMessage } from "./threads";
import { countableTurns, type CountableTurn } from "./token-counts";

export { historyForPrompt, type ChatTurn } from "./prompt-history";

export interface ThreadRef {
  userId: string;
  threadId: string;
}

// What a reply needs: where to write it, what the model should read and how it should answer.
export interface ReplyJob {
  userId: string;
  threadId: string;
  assistantMessageId: string;
  /** The turns the model reads: the context window's part of the thread. */
  history: ChatTurn[];
  threadCreated: boolean;
  // Text the reply already has (a continued reply); the model writes what follows it.
  prefix: string;
  window: ReplyWindow;
  settings: GenerationSettings;
}

// Each turn is planned first (token counts, context window, settings), outside any transaction
// and before anything is written, so a message too long for the model is refused and not stored;
// the transaction then checks that the thread did not change meanwhile.

// Saves the user's message and a pending reply, creating the thread on first use.
export async function startUserTurn(
  { userId, threadId, text }: ThreadRef & { text: string },
  deps: ContextDeps = contextDeps(),
): Promise<ReplyJob> {
  await interruptStaleReplies({ threadId });
  const earlier = (await threadMessages(db(), { userId, threadId })) ?? [];
  assertNoActiveReply(earlier.at(-1));
  const question: CountableTurn = { id: null, role: "user", content: text, tokenCount: null };
  const { window, settings } = await planTurn({ userId, threadId }, [...countable(earlier), question], deps);
  const counted = window.candidates.at(-1);

  const { questionId, replyId, threadCreated } = await inTurnTransaction(async (tx) => {
    const current = await lastMessage(tx, { userId, threadId });
    if (current) assertUnchanged(current.last, earlier.at(-1));
    else if (earlier.length > 0) throw new AppError("conflict", "The thread changed meanwhile; try again.");
    else await tx.thread.create({ data: { id: threadId, userId, title: titleFromMessage(text) } });
    const position = (earlier.at(-1)?.position ?? -1) + 1;
    const tokenCount = counted?.exact ? counted.tokens : null;
    const saved = await tx.message.create({
      data: { threadId, position, role: "user", content: text, status: "complete", tokenCount },
      select: { id: true },
    });
    const reply = await tx.message.create({
      data: { threadId, position: position + 1, role: "assistant", content: "", status: "pending" },
      select: { id: true },
    });
    await tx.thread.update({ where: { id: threadId }, data: { lastActivityAt: new Date() } });
    return { questionId: saved.id, replyId: reply.id, threadCreated: !current };
  });

  // The question had no id when the window was planned; it may be where the context starts.
  const candidates = window.candidates.map((turn, index, all) =>
    index === all.length - 1 ? { ...turn, id: questionId } : turn,
  );
  return job({ userId, threadId, replyId, threadCreated, prefix: "" }, { ...window, candidates }, settings);
}

// Retry: the last reply of the thread, if it did not complete, is generated again in place.
export async function startRetryTurn({ userId, threadId }: ThreadRef, deps = contextDeps()): Promise<ReplyJob> {
  await interruptStaleReplies({ threadId });
  const messages = await ownThreadMessages({ userId, threadId });
  const last = messages.at(-1);
  if (!last || !isRetryable(last)) {
    throw new AppError("conflict", "The last reply of this thread cannot be retried.");
  }
  const { window, settings } = await planTurn({ userId, threadId }, countable(messages.slice(0, -1)), deps);
  await inTurnTransaction(async (tx) => {
    assertUnchanged((await lastMessage(tx, { userId, threadId }))?.last, last);
    await tx.message.update({
      where: { id: last.id },
      data: { content: "", status: "pending", errorCode: null, finishReason: null, tokenCount: null },
    });
    await tx.thread.update({ where: { id: threadId }, data: { lastActivityAt: new Date() } });
  });
  return job({ userId, threadId, replyId: last.id, threadCreated: false, prefix: "" }, window, settings);
}

// Continue: a reply cut short (stopped, interrupted, or at its length limit) is sent back as
// the open assistant turn, and the model's continuation is appended to the same message.
export async function startContinueTurn({ userId, threadId }: ThreadRef, deps = contextDeps()): Promise<ReplyJob> {
  await interruptStaleReplies({ threadId });
  const messages = await ownThreadMessages({ userId, threadId });
  const last = messages.at(-1);
  if (!last || !isContinuable(last)) {
    throw new AppError("conflict", "The last reply of this thread cannot be continued.");
  }
  const { window, settings } = await planTurn({ userId, threadId }, countable(messages), deps);
  await inTurnTransaction(async (tx) => {
    assertUnchanged((await lastMessage(tx, { userId, threadId }))?.last, last);
    await tx.message.update({
      where: { id: last.id },
      data: { status: "pending", errorCode: null, finishReason: null },
    });
    await tx.thread.update({ where: { id: threadId }, data: { lastActivityAt: new Date() } });
  });
  return job({ userId, threadId, replyId: last.id, threadCreated: false, prefix: last.content }, window, settings);
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

// The reply's text changes: its stored token count no longer applies (it is counted again at the end).
export async function saveReplyProgress(messageId: string, content: string): Promise<void> {
  await db().message.update({ where: { id: messageId }, data: { content, status: "streaming", tokenCount: null } });
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
      tokenCount: null,
    },
  });
}

async function planTurn(ref: ThreadRef, turns: CountableTurn[], deps: ContextDeps) {
  const limits = await deps.limits();
  const settings = await generationSettingsFor({ ...ref, maxTotalTokens: limits.maxTotalTokens });
  const window = await planReplyWindow(turns, replyBudget(limits, settings, deps.minReplyTokens), deps.counter);
  return { window, settings };
}

function job(
  base: { userId: string; threadId: string; replyId: string; threadCreated: boolean; prefix: string },
  window: ReplyWindow,
  settings: GenerationSettings,
): ReplyJob {
  const { replyId, ...rest } = base;
  return { ...rest, assistantMessageId: replyId, history: windowTurns(window), window, settings };
}

/** The prompt's turns among the thread's messages, with their stored token counts. */
function countable(messages: readonly StoredMessage[]): CountableTurn[] {
  return countableTurns(promptMessages(messages));
}

/** The thread's messages, or null when the thread does not exist; another user's thread is not found. */
async function threadMessages(client: Pick<Db, "thread">, { userId, threadId }: ThreadRef) {
  const thread = await client.thread.findUnique({
    where: { id: threadId },
    select: { userId: true, messages: { orderBy: { position: "asc" }, select: messageFields } },
  });
  if (!thread) return null;
  if (thread.userId !== userId) throw new AppError("not_found", "No such thread.");
  return thread.messages.map(toStoredMessage);
}

/** Like threadMessages, only the last message: what a transaction checks. */
async function lastMessage(client: Pick<Db, "thread" | "message">, { userId, threadId }: ThreadRef) {
  const thread = await client.thread.findUnique({ where: { id: threadId }, select: { userId: true } });
  if (!thread) return null;
  if (thread.userId !== userId) throw new AppError("not_found", "No such thread.");
  const last = await client.message.findFirst({
    where: { threadId },
    orderBy: { position: "desc" },
    select: messageFields,
  });
  return { last: last ? toStoredMessage(last) : undefined };
}

async function ownThreadMessages(ref: ThreadRef): Promise<StoredMessage[]> {
  const messages = await threadMessages(db(), ref);
  if (!messages) throw new AppError("not_found", "No such thread.");
  return messages;
}

function assertNoActiveReply(last: StoredMessage | undefined): void {
  if (last && ACTIVE_REPLY_STATUSES.includes(last.status)) {
    throw new AppError("conflict", "A reply is still being generated in this thread.");
  }
}

/** The thread's last message is still the one the turn was planned on. */
function assertUnchanged(current: StoredMessage | undefined, planned: StoredMessage | undefined): void {
  assertNoActiveReply(current);
  const same =
    current?.id === planned?.id && current?.content === planned?.content && current?.status === planned?.status;
  if (!same) throw new AppError("conflict", "The thread changed meanwhile; try again.");
}

function isRetryable(message: StoredMessage): boolean {
  return message.role === "assistant" && ["failed", "stopped", "interrupted"].includes(message.status);
}

function isContinuable(message: StoredMessage): boolean {
  return (
    message.role === "assistant" &&
    message.content.length > 0 &&
    (["stopped", "interrupted"].includes(message.status) ||
      (message.status === "complete" && message.finishReason === "length"))
  );
}

// A burst of turns queues for the pool's connections (or SQLite's one writer); waiting up to a few
// seconds beats Prisma's 2 s default, which answered bursts with 500s.
type TurnTransaction = Parameters<Parameters<ReturnType<typeof db>["$transaction"]>[0]>[0];
function inTurnTransaction<T>(work: (tx: TurnTransaction) => Promise<T>): Promise<T> {
  return db().$transaction(work, { maxWait: 10_000, timeout: 15_000 });
}
