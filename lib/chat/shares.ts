import "server-only";
import { randomBytes } from "node:crypto";
import { z } from "zod";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { logger } from "@/lib/logger";
import { ACTIVE_REPLY_STATUSES } from "./stale-replies";
import { threadForUserOrThrow, threadWithMessagesForUser, type StoredMessage } from "./threads";

// Share links: a read-only copy of a thread as it was when shared, behind an unguessable id.
// Each share is a new link with its own snapshot, so a user can share an updated conversation
// and still revoke the old copy. Revoking deletes the row: every read goes to the database, so
// the link stops working at once on every instance.
//
// What the copy holds: finished text only. A reply still generating makes sharing wait (409),
// since a half-written answer would be frozen into the link; stopped and interrupted replies are
// kept with their partial text and marked as such; failed replies carry no text and are left out.

// 18 random bytes = 144 bits, 24 base64url characters.
const SHARE_ID_BYTES = 18;
const SHARE_ID_PATTERN = /^[A-Za-z0-9_-]{24}$/;

export function newShareId(): string {
  return randomBytes(SHARE_ID_BYTES).toString("base64url");
}

export function isShareId(value: unknown): value is string {
  return typeof value === "string" && SHARE_ID_PATTERN.test(value);
}

export function sharePath(shareId: string): string {
  return `/s/${shareId}`;
}

// The absolute link: under AUTH_URL when set (the public address), else the request's own origin.
export function shareUrl(shareId: string, requestUrl: string): string {
  const origin = new URL(env().AUTH_URL ?? requestUrl).origin;
  return `${origin}${sharePath(shareId)}`;
}

const SHARED_STATUSES = ["complete", "stopped", "interrupted"] as const;

const sharedMessageSchema = z.object({
  role: z.enum(["user", "assistant"]),
  content: z.string(),
  status: z.enum(SHARED_STATUSES),
  // "length" marks a reply cut at its maximum length.
  finishReason: z.string().nullable(),
  createdAt: z.iso.datetime(),
});
const snapshotSchema = z.array(sharedMessageSchema);

export type SharedMessage = z.infer<typeof sharedMessageSchema>;

export interface SharedLinkSummary {
  id: string;
  threadId: string;
  title: string;
  createdAt: Date;
}

export interface SharedConversation {
  title: string;
  createdAt: Date;
  messages: SharedMessage[];
}

const summaryFields = { id: true, threadId: true, title: true, createdAt: true } as const;

// The messages a share shows; throws conflict while a reply is being written.
export function snapshotOf(messages: StoredMessage[]): SharedMessage[] {
  if (messages.some((message) => ACTIVE_REPLY_STATUSES.includes(message.status))) {
    throw new AppError("conflict", "A reply is still being written; share once it has finished.");
  }
  return messages
    .filter((message) => message.status !== "failed")
    .map((message) => ({
      role: message.role,
      content: message.content,
      status: message.status as SharedMessage["status"],
      finishReason: message.finishReason,
      createdAt: message.createdAt.toISOString(),
    }));
}

export async function createSharedLink({
  threadId,
  userId,
}: {
  threadId: string;
  userId: string;
}): Promise<SharedLinkSummary> {
  const thread = await threadWithMessagesForUser({ threadId, userId });
  if (!thread) throw new AppError("not_found", "No such thread.");
  const snapshot = snapshotOf(thread.messages);
  try {
    const link = await db().sharedLink.create({
      data: { id: newShareId(), threadId, userId, title: thread.title, snapshot: JSON.stringify(snapshot) },
      select: summaryFields,
    });
    // Never the link id: it is the secret.
    logger.info("share link created", { userId, threadId, messages: snapshot.length });
    return link;
  } catch (error) {
    // The thread was deleted between reading it and saving the link.
    if (isForeignKeyViolation(error)) throw new AppError("not_found", "No such thread.");
    throw error;
  }
}

export async function sharedLinksForUser({
  userId,
  limit = 500,
}: {
  userId: string;
  limit?: number;
}): Promise<SharedLinkSummary[]> {
  return db().sharedLink.findMany({
    where: { userId },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: limit,
    select: summaryFields,
  });
}

// One thread's links, newest first (404 for another user's thread).
export async function sharedLinksOfThread({
  threadId,
  userId,
}: {
  threadId: string;
  userId: string;
}): Promise<SharedLinkSummary[]> {
  await threadForUserOrThrow({ threadId, userId });
  return db().sharedLink.findMany({
    where: { threadId, userId },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    select: summaryFields,
  });
}

export async function revokeSharedLink({ shareId, userId }: { shareId: string; userId: string }): Promise<void> {
  const { count } = isShareId(shareId)
    ? await db().sharedLink.deleteMany({ where: { id: shareId, userId } })
    : { count: 0 };
  if (count === 0) throw new AppError("not_found", "No such share link.");
  logger.info("share link revoked", { userId });
}

// The public side: anyone holding the id may read the copy; null for an unknown or revoked one.
export async function sharedConversation(shareId: string): Promise<SharedConversation | null> {
  if (!isShareId(shareId)) return null;
  const link = await db().sharedLink.findUnique({
    where: { id: shareId },
    select: { title: true, createdAt: true, snapshot: true },
  });
  if (!link) return null;
  const messages = snapshotSchema.safeParse(parseJson(link.snapshot));
  if (!messages.success) throw new Error(`share ${shareId} holds an unreadable snapshot`);
  return { title: link.title, createdAt: link.createdAt, messages: messages.data };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

function isForeignKeyViolation(error: unknown): boolean {
  return typeof error === "object" && error !== null && "code" in error && error.code === "P2003";
}
