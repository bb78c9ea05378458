// Which of a thread's messages (its current branch, ordered by position) a page or a request gets:
// long threads arrive a page at a time, newest first, so opening one costs the same at any length.

export const MESSAGE_PAGE_SIZE = 50;
export const MAX_MESSAGE_PAGE_SIZE = 200;
// Messages shown above one a link points to (`?message=`), so it is not at the very top.
const FOCUS_CONTEXT_ABOVE = 10;

interface Positioned {
  id: string;
  position: number;
}

export interface MessagePage<T> {
  messages: T[];
  // Messages before the first one exist (positions start at 0).
  hasOlder: boolean;
}

// The last `limit` messages before position `before` (before the end when absent).
export function olderPage<T extends Positioned>(
  messages: readonly T[],
  { before, limit }: { before?: number; limit: number },
): MessagePage<T> {
  const earlier = before === undefined ? messages : messages.filter((message) => message.position < before);
  const page = earlier.slice(Math.max(0, earlier.length - limit));
  return { messages: page, hasOlder: page.length < earlier.length };
}

// What a thread page starts with: the newest page, or, when it links to a message further up, every
// page down from a little above it (so the view around it and the latest messages are both there).
// An id that is not in the thread is ignored.
export function initialWindow<T extends Positioned>(
  messages: readonly T[],
  { limit = MESSAGE_PAGE_SIZE, focusId }: { limit?: number; focusId?: string },
): MessagePage<T> & { focusId?: string } {
  const focusIndex = focusId ? messages.findIndex((message) => message.id === focusId) : -1;
  if (focusIndex === -1) return olderPage(messages, { limit });
  const start = Math.max(0, Math.min(focusIndex - FOCUS_CONTEXT_ABOVE, messages.length - limit));
  return { messages: messages.slice(start), hasOlder: start > 0, focusId };
}
