import "server-only";
import { randomUUID } from "node:crypto";
import { db, rawSql } from "@/lib/db";
import { AppError } from "@/lib/errors";
import type { GenerationSettings } from "@/lib/phogpt/generation-settings";
import { newestLeafUnder } from "./branch-tree";
import { contextDeps, planReplyWindow, replyBudget, windowTurns, type ContextDeps, type ReplyWindow } from "./context";
import { readCurrentBranch, subtreeIds, type CurrentBranch } from "./current-branch";
import { generationSettingsFor } from "./generation-settings";
import type { StoredMessage } from "./message-rows";
import { memoizedThreadRow } from "./thread-row";
import { promptMessages, type ChatTurn } from "./prompt-history";
import { ACTIVE_REPLY_STATUSES, activeRepliesOf, interruptStaleReplies } from "./stale-replies";
import { titleFromMessage } from "./threads";
import {
  claimReply,
  deleteMessages,
  insertExchange,
  insertThread,
  moveLeaf,
  type ExchangeRow,
  type TurnTransaction,
} from "./turn-writes";
import { countableTurns, type CountableTurn } from "./token-counts";

export { historyForPrompt, type ChatTurn } from "./prompt-history";
export { saveReplyOutcome } from "./turn-writes";

export interface ThreadRef {
  userId: string;
  threadId: string;
}

export interface MessageRef extends ThreadRef {
  messageId: string;
}

// What a reply needs: where to write it, what the model should read and how it should answer.
export interface ReplyJob {
  userId: string;
  threadId: string;
  assistantMessageId: string;
  /** The turns the model reads: the context window's part of the current branch. */
  history: ChatTurn[];
  threadCreated: boolean;
  // Text the reply already has (a continued reply); the model writes what follows it.
  prefix: string;
  window: ReplyWindow;
  settings: GenerationSettings;
}

// A thread's messages form a tree (see branch-tree.ts); every turn works on the current branch,
// the walk up from Thread.currentLeafId, and the model reads only that branch.
// Each turn is planned first (token counts, context window, settings), outside any transaction
// and before anything is written, so a message too long for the model is refused and not stored.
// The transaction then compares and swaps the thread's current leaf: a turn planned on a branch
// that changed meanwhile (another tab, a concurrent request) is refused with 409.

// Saves the user's message and a pending reply at the end of the current branch, creating the
// thread on first use. `leafId`, when given, is the branch's last message as the sender sees it:
// a branch switched meanwhile in another tab refuses the message rather than answer it there.
export async function startUserTurn(
  { userId, threadId, text, leafId }: ThreadRef & { text: string; leafId?: string },
  deps: ContextDeps = contextDeps(),
): Promise<ReplyJob> {
  await interruptStaleReplies({ threadId });
  const branch = await currentBranchOf({ userId, threadId });
  const earlier = branch?.messages ?? [];
  assertNoActiveReply(earlier);
  if (leafId !== undefined && branch && branch.leafId !== leafId) throw branchChanged();
  const question: CountableTurn = { id: null, role: "user", content: text, tokenCount: null };
  const { window, settings } = await planTurn({ userId, threadId }, [...countable(earlier), question], deps);
  const ids = { question: randomUUID(), reply: randomUUID() };

  const exchange = exchangeRows({ parentId: branch?.leafId ?? null, position: earlier.length, text }, ids, window);
  await inTurnTransaction(async (tx) => {
    if (!branch) return insertThread(tx, { id: threadId, userId, title: titleFromMessage(text) }, exchange);
    await moveLeaf(tx, { userId, threadId }, branch.storedLeafId, ids.reply);
    await insertExchange(tx, threadId, exchange);
  });
  return job(
    { userId, threadId, replyId: ids.reply, threadCreated: !branch, prefix: "" },
    withQuestionId(window, ids.question),
    settings,
  );
}

// Edit: a user message of the current branch gets a new version with new text, answered anew;
// the earlier version and everything after it stay in the tree, one version arrow away.
export async function startEditTurn(
  { userId, threadId, messageId, text }: MessageRef & { text: string },
  deps: ContextDeps = contextDeps(),
): Promise<ReplyJob> {
  await interruptStaleReplies({ threadId });
  const branch = await ownBranch({ userId, threadId });
  const index = indexOnBranch(branch, messageId);
  const edited = branch.messages[index];
  if (edited?.role !== "user") throw new AppError("bad_request", "Only your own messages can be edited.");
  assertNoActiveReply(branch.messages);
  const earlier = branch.messages.slice(0, index);
  const question: CountableTurn = { id: null, role: "user", content: text, tokenCount: null };
  const { window, settings } = await planTurn({ userId, threadId }, [...countable(earlier), question], deps);
  const ids = { question: randomUUID(), reply: randomUUID() };

  await inTurnTransaction(async (tx) => {
    await moveLeaf(tx, { userId, threadId }, branch.storedLeafId, ids.reply);
    await insertExchange(tx, threadId, exchangeRows({ parentId: edited.parentId, position: index, text }, ids, window));
  });
  return job(
    { userId, threadId, replyId: ids.reply, threadCreated: false, prefix: "" },
    withQuestionId(window, ids.question),
    settings,
  );
}

// Regenerate: the branch's last reply gets a new version, generated from the same history; the
// earlier versions are kept.
export async function startRegenerateTurn(
  { userId, threadId, messageId }: MessageRef,
  deps: ContextDeps = contextDeps(),
): Promise<ReplyJob> {
  await interruptStaleReplies({ threadId });
  const branch = await ownBranch({ userId, threadId });
  const index = indexOnBranch(branch, messageId);
  const last = branch.messages.at(-1);
  assertNoActiveReply(branch.messages);
  if (index !== branch.messages.length - 1 || last?.role !== "assistant") {
    throw new AppError("conflict", "Only the last reply of the conversation can be regenerated.");
  }
  const { window, settings } = await planTurn({ userId, threadId }, countable(branch.messages.slice(0, -1)), deps);
  const replyId = randomUUID();
  await inTurnTransaction(async (tx) => {
    await moveLeaf(tx, { userId, threadId }, branch.storedLeafId, replyId);
    const reply = { id: replyId, parentId: last.parentId, position: last.position, content: "" };
    await insertExchange(tx, threadId, [{ ...reply, role: "assistant", status: "pending" }]);
  });
  return job({ userId, threadId, replyId, threadCreated: false, prefix: "" }, window, settings);
}

// Retry: the branch's last reply, if it did not complete, is generated again in place.
export async function startRetryTurn({ userId, threadId }: ThreadRef, deps = contextDeps()): Promise<ReplyJob> {
  await interruptStaleReplies({ threadId });
  const branch = await ownBranch({ userId, threadId });
  const last = branch.messages.at(-1);
  if (!last || !isRetryable(last)) {
    throw new AppError("conflict", "The last reply of this thread cannot be retried.");
  }
  const { window, settings } = await planTurn({ userId, threadId }, countable(branch.messages.slice(0, -1)), deps);
  await inTurnTransaction(async (tx) => {
    await moveLeaf(tx, { userId, threadId }, branch.storedLeafId, last.id);
    await claimReply(tx, last, { clearText: true });
  });
  return job({ userId, threadId, replyId: last.id, threadCreated: false, prefix: "" }, window, settings);
}

// Continue: a reply cut short (stopped, interrupted, or at its length limit) is sent back as
// the open assistant turn, and the model's continuation is appended to the same message.
export async function startContinueTurn({ userId, threadId }: ThreadRef, deps = contextDeps()): Promise<ReplyJob> {
  await interruptStaleReplies({ threadId });
  const branch = await ownBranch({ userId, threadId });
  const last = branch.messages.at(-1);
  if (!last || !isContinuable(last)) {
    throw new AppError("conflict", "The last reply of this thread cannot be continued.");
  }
  const { window, settings } = await planTurn({ userId, threadId }, countable(branch.messages), deps);
  await inTurnTransaction(async (tx) => {
    await moveLeaf(tx, { userId, threadId }, branch.storedLeafId, last.id);
    await claimReply(tx, last, { clearText: false });
  });
  return job({ userId, threadId, replyId: last.id, threadCreated: false, prefix: last.content }, window, settings);
}

// Undo: the branch's last exchange (its last question and everything below it, every version of
// the reply included) is deleted; the branch ends where it was before. Returns the question's
// text for the composer. `messageId` is the branch's last message as the caller saw it.
export async function undoLastExchange({ userId, threadId, messageId }: MessageRef): Promise<{ text: string }> {
  await interruptStaleReplies({ threadId });
  const branch = await ownBranch({ userId, threadId });
  const index = indexOnBranch(branch, messageId);
  assertNoActiveReply(branch.messages);
  if (index !== branch.messages.length - 1) {
    throw new AppError("conflict", "Only the last exchange of the conversation can be undone.");
  }
  const question = branch.messages.findLast((message) => message.role === "user");
  if (!question) throw new AppError("conflict", "There is nothing to undo.");
  await inTurnTransaction(async (tx) => {
    await moveLeaf(tx, { userId, threadId }, branch.storedLeafId, question.parentId, { activity: true });
    await deleteMessages(tx, threadId, subtreeIds(branch.tree, question.id));
  });
  return { text: question.content };
}

// Makes a message part of the current branch: the branch then runs through it down to its newest
// descendant (following the newest version at each step). Switching versions uses it, and so can
// any view that opens a thread at a message of another branch. A message already on the current
// branch changes nothing; another thread's or user's message is not found; while a reply is
// being generated the branch cannot move (409).
export async function showBranchOfMessage({ userId, threadId, messageId }: MessageRef): Promise<void> {
  await interruptStaleReplies({ threadId });
  const branch = await ownBranch({ userId, threadId });
  if (!branch.tree.byId.has(messageId)) throw new AppError("not_found", "No such message.");
  if (branch.messages.some((message) => message.id === messageId)) return;
  assertNoActiveReply(branch.messages);
  const leaf = newestLeafUnder(branch.tree, messageId);
  await inTurnTransaction((tx) => moveLeaf(tx, { userId, threadId }, branch.storedLeafId, leaf, { activity: false }));
}

// Fairness: a user has at most `limit` replies generating at once, across threads and instances.
// `start` (the turn) runs once a slot is free.
export async function withFreeReplySlot<T>(
  { userId, limit }: { userId: string; limit: number },
  start: () => Promise<T>,
): Promise<T> {
  return activeRepliesOf(userId, async (active) => {
    if (active >= limit) {
      throw new AppError(
        "too_many_replies",
        `You already have ${active} replies being generated; wait for one to finish or stop it.`,
      );
    }
    return start();
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

/** The prompt's turns among the branch's messages, with their stored token counts. */
function countable(messages: readonly StoredMessage[]): CountableTurn[] {
  return countableTurns(promptMessages(messages));
}

// The question had no id when the window was planned; it may be where the context starts.
function withQuestionId(window: ReplyWindow, questionId: string): ReplyWindow {
  const candidates = window.candidates.map((turn, index, all) =>
    index === all.length - 1 ? { ...turn, id: questionId } : turn,
  );
  return { ...window, candidates };
}

/** The thread's current branch, or null when the thread does not exist; another user's thread is not found. */
async function currentBranchOf({ userId, threadId }: ThreadRef): Promise<CurrentBranch | null> {
  const thread = await memoizedThreadRow(threadId);
  if (!thread) return null;
  if (thread.userId !== userId) throw new AppError("not_found", "No such thread.");
  return readCurrentBranch(db(), { threadId, storedLeafId: thread.currentLeafId });
}

async function ownBranch(ref: ThreadRef): Promise<CurrentBranch> {
  const branch = await currentBranchOf(ref);
  if (!branch) throw new AppError("not_found", "No such thread.");
  return branch;
}

/** Where a message is on the current branch: another thread's message is not found, one of another branch is a conflict. */
function indexOnBranch(branch: CurrentBranch, messageId: string): number {
  if (!branch.tree.byId.has(messageId)) throw new AppError("not_found", "No such message.");
  const index = branch.messages.findIndex((message) => message.id === messageId);
  if (index === -1) throw new AppError("conflict", "The conversation changed meanwhile; reload it and try again.");
  return index;
}

// The question and its pending reply, below `parentId`.
function exchangeRows(
  { parentId, position, text }: { parentId: string | null; position: number; text: string },
  ids: { question: string; reply: string },
  window: ReplyWindow,
): ExchangeRow[] {
  const counted = window.candidates.at(-1);
  const tokenCount = counted?.exact ? counted.tokens : null;
  return [
    { id: ids.question, parentId, position, role: "user", content: text, status: "complete", tokenCount },
    {
      id: ids.reply,
      parentId: ids.question,
      position: position + 1,
      role: "assistant",
      content: "",
      status: "pending",
    },
  ];
}

function branchChanged(): AppError {
  return new AppError("conflict", "The conversation changed in another tab; reload it and try again.", {
    leafId: "branch_changed",
  });
}

function assertNoActiveReply(messages: readonly StoredMessage[]): void {
  if (messages.some((message) => ACTIVE_REPLY_STATUSES.includes(message.status))) {
    throw new AppError("conflict", "A reply is still being generated in this thread.");
  }
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

// A burst of turns queues for the pool's connections (or SQLite's one connection), see lib/db.ts.
function inTurnTransaction<T>(work: (tx: TurnTransaction) => Promise<T>): Promise<T> {
  return rawSql().transaction(work);
}
