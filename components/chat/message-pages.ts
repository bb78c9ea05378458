import type { ChatMessage } from "./chat-message";

// Joining pages of a thread fetched at different times to what the view already holds.

// An older page goes in front; messages the view has already (a page fetched twice) are not repeated.
export function prependOlder(current: readonly ChatMessage[], older: readonly ChatMessage[]): ChatMessage[] {
  const shown = new Set(current.map((message) => message.id));
  return [...older.filter((message) => !shown.has(message.id)), ...current];
}

// The server's newest page replaces the view's copy of the same messages and of everything after
// them; older messages loaded before stay. A page that shares nothing with the view replaces it.
export function mergeNewestPage(current: readonly ChatMessage[], newest: readonly ChatMessage[]): ChatMessage[] {
  const first = newest[0];
  const at = first ? current.findIndex((message) => message.id === first.id) : -1;
  return at === -1 ? [...newest] : [...current.slice(0, at), ...newest];
}
