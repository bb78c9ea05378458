// The sidebar's list as pages of GET /api/threads, newest activity first, and how a fresh first
// page merges into the pages already loaded (pure, so the merge can be tested without a browser).

export interface ThreadItem {
  id: string;
  title: string;
  // ISO 8601, as the API sends it.
  lastActivityAt: string;
}

export interface ThreadPageData {
  threads: ThreadItem[];
  nextCursor: string | null;
}

// Whether `a` sorts after `b` in the server's order (lastActivityAt desc, id desc).
function sortsAfter(a: ThreadItem, b: ThreadItem): boolean {
  if (a.lastActivityAt !== b.lastActivityAt) return a.lastActivityAt < b.lastActivityAt;
  return a.id < b.id;
}

// A refetched first page replaces the top of the list: threads that moved up (a new reply) leave
// their old place, threads loaded beyond the first page stay, so scrolling needs no reload.
export function mergeFirstPage(loaded: ThreadPageData, first: ThreadPageData): ThreadPageData {
  const last = first.threads.at(-1);
  if (first.nextCursor === null || !last) return first;
  const onFirst = new Set(first.threads.map((thread) => thread.id));
  const rest = loaded.threads.filter((thread) => !onFirst.has(thread.id) && sortsAfter(thread, last));
  return {
    threads: [...first.threads, ...rest],
    nextCursor: rest.length > 0 ? loaded.nextCursor : first.nextCursor,
  };
}

// A further page goes below; a thread already listed (it moved meanwhile) is not listed twice.
export function appendPage(loaded: ThreadPageData, next: ThreadPageData): ThreadPageData {
  const listed = new Set(loaded.threads.map((thread) => thread.id));
  return {
    threads: [...loaded.threads, ...next.threads.filter((thread) => !listed.has(thread.id))],
    nextCursor: next.nextCursor,
  };
}
