// How messages are read from the database and typed once read: shared by the thread and turn
// data access, so both select the same fields.

export type MessageRole = "user" | "assistant";
export type MessageStatus = "pending" | "streaming" | "complete" | "stopped" | "failed" | "interrupted";

export interface StoredMessage {
  id: string;
  // The message this one follows (null for a first message); see branch-tree.ts.
  parentId: string | null;
  // Depth along its branch.
  position: number;
  role: MessageRole;
  content: string;
  status: MessageStatus;
  errorCode: string | null;
  finishReason: string | null;
  // Tokens of the message's prompt fragment, when counted (see token-counts.ts).
  tokenCount: number | null;
  createdAt: Date;
}

export const messageFields = {
  id: true,
  parentId: true,
  position: true,
  role: true,
  content: true,
  status: true,
  errorCode: true,
  finishReason: true,
  tokenCount: true,
  createdAt: true,
} as const;

export function toStoredMessage<T extends { role: string; status: string }>(message: T) {
  return { ...message, role: message.role as MessageRole, status: message.status as MessageStatus };
}
