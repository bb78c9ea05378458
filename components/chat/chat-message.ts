import type { UIMessage } from "ai";

export type ReplyStatus = "pending" | "streaming" | "complete" | "stopped" | "failed" | "interrupted";

// Stream metadata ({threadId, status?, finishReason?}) and stored fields share one shape.
export interface ChatMessageMetadata {
  threadId?: string;
  status?: ReplyStatus;
  errorCode?: string | null;
  finishReason?: string | null;
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
}

const replyStatuses: readonly string[] = ["pending", "streaming", "complete", "stopped", "failed", "interrupted"];

function isReplyStatus(value: string): value is ReplyStatus {
  return replyStatuses.includes(value);
}

export function toChatMessages(messages: readonly StoredMessageLike[]): ChatMessage[] {
  return messages.map((message) => ({
    id: message.id,
    role: message.role,
    parts: [{ type: "text", text: message.content }],
    metadata: {
      status: isReplyStatus(message.status) ? message.status : "complete",
      errorCode: message.errorCode,
      finishReason: message.finishReason,
    },
  }));
}

export function messageText(message: Pick<ChatMessage, "parts">): string {
  return message.parts.map((part) => (part.type === "text" ? part.text : "")).join("");
}

// A reply the server is still writing (seen after a reload or a stop): the client polls until it settles.
export function isReplyInProgressOnServer(message: ChatMessage | undefined): boolean {
  const status = message?.role === "assistant" ? message.metadata?.status : undefined;
  return status === "pending" || status === "streaming";
}
