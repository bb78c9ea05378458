"use client";
import { useCallback, useEffect, useRef, useState } from "react";
import { onTabShown } from "@/components/tab-shown";
import { appendPage, mergeFirstPage, type ThreadItem, type ThreadPageData } from "./thread-pages";
import {
  notifyThreadRenamed,
  postToOtherTabs,
  THREADS_CHANGED_EVENT,
  useOtherTabsChanges,
  type ThreadsChange,
} from "./threads-events";

export const THREAD_PAGE_SIZE = 50;

export type PageLoad = "idle" | "loading" | "failed";

// Titles that changed elsewhere (another device renamed a thread): an open chat of that thread
// updates its heading, as after a rename in this tab or another.
function announceRenames(shown: readonly ThreadItem[], fetched: readonly ThreadItem[]): void {
  const titles = new Map(shown.map((thread) => [thread.id, thread.title]));
  for (const { id, title } of fetched) {
    const before = titles.get(id);
    if (before !== undefined && before !== title) notifyThreadRenamed({ threadId: id, title });
  }
}

async function fetchPage(cursor: string | null): Promise<ThreadPageData> {
  const query = new URLSearchParams({ limit: String(THREAD_PAGE_SIZE) });
  if (cursor) query.set("cursor", cursor);
  const response = await fetch(`/api/threads?${query}`, { cache: "no-store" });
  if (!response.ok) throw new Error(`GET /api/threads answered ${response.status}`);
  return (await response.json()) as ThreadPageData;
}

// The thread list the sidebar shows: the server-rendered first page, further pages on demand, the
// first page fetched again whenever a thread changes (a reply moves its thread to the top) and when
// the tab is shown again, and local edits after a rename or delete.
export function useThreadPages(firstPage: ThreadPageData) {
  // A newer server render (router.refresh(), e.g. a language switch) brings a new first page: it
  // replaces the top of the list, and the pages loaded below it stay, as with a refetch.
  const [state, setState] = useState({ basis: firstPage, list: firstPage });
  const list = state.basis === firstPage ? state.list : mergeFirstPage(state.list, firstPage);
  if (state.basis !== firstPage) setState({ basis: firstPage, list });
  const [load, setLoad] = useState<PageLoad>("idle");
  const loading = useRef(false);
  const cursor = useRef(list.nextCursor);
  const shown = useRef(list.threads);
  useEffect(() => {
    cursor.current = list.nextCursor;
    shown.current = list.threads;
  }, [list.nextCursor, list.threads]);

  const update = useCallback((change: (list: ThreadPageData) => ThreadPageData) => {
    setState((current) => ({ ...current, list: change(current.list) }));
  }, []);

  // Local edits (rename, delete) since a request started make its answer stale: the server may
  // have answered before the edit reached it. Counted here; a stale answer is not used.
  const edits = useRef(0);
  const edited = useCallback(
    (change: (list: ThreadPageData) => ThreadPageData) => {
      edits.current += 1;
      update(change);
    },
    [update],
  );

  const loadMore = useCallback(async () => {
    if (loading.current || cursor.current === null) return;
    loading.current = true;
    setLoad("loading");
    const editsBefore = edits.current;
    try {
      const next = await fetchPage(cursor.current);
      // Stale: dropped; the sentinel, still in view, asks again.
      if (editsBefore === edits.current) update((current) => appendPage(current, next));
      setLoad("idle");
    } catch {
      setLoad("failed");
    } finally {
      loading.current = false;
    }
  }, [update]);

  useEffect(() => {
    let latest = 0;
    let disposed = false;
    const refresh = async () => {
      const request = ++latest;
      const editsBefore = edits.current;
      try {
        const first = await fetchPage(null);
        // Responses can arrive out of order; only the newest request wins.
        if (disposed || request !== latest) return;
        if (editsBefore !== edits.current) return void refresh();
        announceRenames(shown.current, first.threads);
        update((current) => mergeFirstPage(current, first));
      } catch {
        // The list stays as it was; the next change or scroll tries again.
      }
    };
    const onChanged = () => void refresh();
    window.addEventListener(THREADS_CHANGED_EVENT, onChanged);
    const stopOnTabShown = onTabShown(onChanged);
    return () => {
      disposed = true;
      window.removeEventListener(THREADS_CHANGED_EVENT, onChanged);
      stopOnTabShown();
    };
  }, [update]);

  const rename = useCallback(
    (id: string, title: string) =>
      edited((current) => ({
        ...current,
        threads: current.threads.map((thread) => (thread.id === id ? { ...thread, title } : thread)),
      })),
    [edited],
  );
  const remove = useCallback(
    (id: string) =>
      edited((current) => ({ ...current, threads: current.threads.filter((thread) => thread.id !== id) })),
    [edited],
  );
  const clear = useCallback(() => edited(() => ({ threads: [], nextCursor: null })), [edited]);

  // This tab's edits go to the other tabs; theirs are applied here.
  const renamed = useCallback(
    (id: string, title: string) => {
      rename(id, title);
      postToOtherTabs({ type: "renamed", id, title });
    },
    [rename],
  );
  const removed = useCallback(
    (id: string) => {
      remove(id);
      postToOtherTabs({ type: "removed", id });
    },
    [remove],
  );
  const cleared = useCallback(() => {
    clear();
    postToOtherTabs({ type: "cleared" });
  }, [clear]);
  useOtherTabsChanges(
    useCallback(
      (change: ThreadsChange) => {
        if (change.type === "renamed") {
          rename(change.id, change.title);
          notifyThreadRenamed({ threadId: change.id, title: change.title });
        } else if (change.type === "removed") remove(change.id);
        else if (change.type === "cleared") clear();
        // Another tab's new chat or reply: this tab's own listener refetches the first page.
        else window.dispatchEvent(new Event(THREADS_CHANGED_EVENT));
      },
      [rename, remove, clear],
    ),
  );

  return { threads: list.threads, hasMore: list.nextCursor !== null, load, loadMore, renamed, removed, cleared };
}
