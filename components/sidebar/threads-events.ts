"use client";
import { useEffect } from "react";

// The sidebar listens for this window event and refetches the first page of GET /api/threads.
export const THREADS_CHANGED_EVENT = "threads:changed";

export function notifyThreadsChanged(): void {
  window.dispatchEvent(new Event(THREADS_CHANGED_EVENT));
}

// The sidebar renamed a thread: an open chat of that thread updates its heading.
const THREAD_RENAMED_EVENT = "threads:renamed";

interface ThreadRenamed {
  threadId: string;
  title: string;
}

export function notifyThreadRenamed(detail: ThreadRenamed): void {
  window.dispatchEvent(new CustomEvent<ThreadRenamed>(THREAD_RENAMED_EVENT, { detail }));
}

export function useThreadRenamed(threadId: string, onRenamed: (title: string) => void): void {
  useEffect(() => {
    const listener = (event: Event) => {
      const { detail } = event as CustomEvent<ThreadRenamed>;
      if (detail.threadId === threadId) onRenamed(detail.title);
    };
    window.addEventListener(THREAD_RENAMED_EVENT, listener);
    return () => window.removeEventListener(THREAD_RENAMED_EVENT, listener);
  }, [threadId, onRenamed]);
}
