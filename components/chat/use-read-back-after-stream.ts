"use client";
import type { ChatStatus } from "ai";
import { useEffect, useRef } from "react";
import type { ChatMessage } from "./chat-message";
import type { SyncResult } from "./use-server-reply";

// Once a reply's stream is over, the thread is read back from the server when the reply does not
// say how it ended (stopped from another tab, disconnected: the server's copy has the final text
// and status), and once for every reply that was streamed in (its question then gets its stored
// id and every message its versions, which Edit, Regenerate, Undo and the version arrows need).
// A short reply can go from "submitted" to "ready" without a render in "streaming", so the
// second case looks at the message, not at the status it came from.
export function useReadBackAfterStream(
  status: ChatStatus,
  messages: ChatMessage[],
  syncFromServer: () => Promise<SyncResult>,
): void {
  const previousStatus = useRef(status);
  const readBackFor = useRef<string | undefined>(undefined);
  useEffect(() => {
    const wasStreaming = previousStatus.current === "streaming";
    previousStatus.current = status;
    const last = messages.at(-1);
    if (status !== "ready" || last?.role !== "assistant") return;
    const endedUnsaid = wasStreaming && !last.metadata?.status;
    const notReadBack = !last.metadata?.versions && readBackFor.current !== last.id;
    if (endedUnsaid || notReadBack) {
      readBackFor.current = last.id;
      void syncFromServer();
    }
  }, [status, messages, syncFromServer]);
}
