import type { UIMessage } from "ai";
import type { Versions } from "@/lib/chat/branch-tree";

export type ReplyStatus = "pending" | "streaming" | "complete" | "stopped" | "failed" | "interrupted";

// Stream metadata ({threadId, status?, finishReason?, contextStartId?}) and stored fields share one shape.
export interface ChatMessageMetadata {
  threadId?: string;
  status?: ReplyStatus;
  errorCode?: string | null;
  finishReason?: string | null;
  // On a reply: the first message the model read for it when earlier ones did not fit its
  // context (null: everything fit). From the reply's stream, or from the server on a page load.
  contextStartId?: string | null;
  // Where the message stands among its versions, from the server. Only stored messages have it:
  // a message just sent has a client id until the thread is read back.
  versions?: Versions;
  // A stored message's place in the thread (0 is the first): older pages load before the first one shown.
  position?: number;
}

export type ChatMessage = UIMessage<ChatMessageMetadata>;

// What both the server page (Prisma rows) and GET /api/threads/:id (JSON) provide.
export interface StoredMessageLike {
  id: string;
  role: "user" | "assistant";
  content: string;
  status: string;
  errorCode: string | null;
  finishReason: string | null;
  versions?: Versions;
  position?: number;
}

const replyStatuses: readonly string[] = ["pending", "streaming", "complete", "stopped", "failed", "interrupted"];

function isReplyStatus(value: string): value is ReplyStatus {
  return replyStatuses.includes(value);
}

// `contextStartId` (the server's, for the last reply) goes on the last reply, as its stream would have put it.
export function toChatMessages(messages: readonly StoredMessageLike[], contextStartId?: string | null): ChatMessage[] {
  const lastReply = messages.findLastIndex((message) => message.role === "assistant");
  return messages.map((message, index) => ({
    id: message.id,
    role: message.role,
    parts: [{ type: "text", text: message.content }],
    metadata: {
      status: isReplyStatus(message.status) ? message.status : "complete",
      errorCode: message.errorCode,
      finishReason: message.finishReason,
      ...(message.versions ? { versions: message.versions } : {}),
      ...(message.position !== undefined ? { position: message.position } : {}),
      ...(index === lastReply && contextStartId !== undefined ? { contextStartId } : {}),
    },
  }));
}

// Where the model's memory begins: the newest reply that says so decides.
export function contextStartOf(messages: readonly ChatMessage[]): string | null {
  for (let index = messages.length - 1; index >= 0; index--) {
    const message = messages[index];
    const start = message?.role === "assistant" ? message.metadata?.contextStartId : undefined;
    if (start !== undefined) return start;
  }
  return null;
}

export function messageText(message: Pick<ChatMessage, "parts">): string {
  return message.parts.map((part) => (part.type === "text" ? part.text : "")).join("");
}

// The thread as the server answers it (GET /api/threads/:id, switching versions, undo).
export interface StoredThreadBody {
  messages: StoredMessageLike[];
  contextStartId?: string | null;
}

// A reply the server is still writing (seen after a reload or a stop): the client polls until it settles.
export function isReplyInProgressOnServer(message: ChatMessage | undefined): boolean {
  const status = message?.role === "assistant" ? message.metadata?.status : undefined;
  return status === "pending" || status === "streaming";
}

// Messages of the thread before the first one loaded are still on the server.
export function hasOlderMessages(messages: readonly ChatMessage[]): boolean {
  const first = messages[0]?.metadata?.position;
  return first !== undefined && first > 0;
}
