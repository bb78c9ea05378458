"use client";
import { useEffect } from "react";

// The sidebar listens for this window event and refetches the first page of GET /api/threads.
export const THREADS_CHANGED_EVENT = "threads:changed";

export function notifyThreadsChanged(): void {
  window.dispatchEvent(new Event(THREADS_CHANGED_EVENT));
  postToOtherTabs({ type: "changed" });
}

// The user's other tabs hear of the changes made in this one: their sidebars refetch their first
// page, and rename, delete and delete all reach the threads they loaded further down as well.
export type ThreadsChange =
  | { type: "changed" }
  | { type: "renamed"; id: string; title: string }
  | { type: "removed"; id: string }
  | { type: "cleared" };

const CHANNEL_NAME = "phogpt:threads";
// One channel per tab: a channel never hears its own messages, so a tab does not redo its edits.
let channel: BroadcastChannel | null | undefined;

function tabsChannel(): BroadcastChannel | null {
  channel ??= typeof BroadcastChannel === "undefined" ? null : new BroadcastChannel(CHANNEL_NAME);
  return channel;
}

export function postToOtherTabs(change: ThreadsChange): void {
  tabsChannel()?.postMessage(change);
}

export function useOtherTabsChanges(onChange: (change: ThreadsChange) => void): void {
  useEffect(() => {
    const listening = tabsChannel();
    if (!listening) return;
    const listener = (event: MessageEvent<ThreadsChange>) => onChange(event.data);
    listening.addEventListener("message", listener);
    return () => listening.removeEventListener("message", listener);
  }, [onChange]);
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
