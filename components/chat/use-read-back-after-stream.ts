"use client";
import type { ChatStatus } from "ai";
import { useEffect, useRef } from "react";
import type { ChatMessage } from "./chat-message";
import type { SyncResult } from "./use-server-reply";

// When a reply's stream ends, the thread is read back from the server if the reply does not say
// how it ended (stopped from another tab, disconnected: the server's copy has the final text and
// status) or was just streamed in (its question then gets its stored id and every message its
// versions, which Edit, Regenerate, Undo and the version arrows need).
export function useReadBackAfterStream(
  status: ChatStatus,
  messages: ChatMessage[],
  syncFromServer: () => Promise<SyncResult>,
): void {
  const previousStatus = useRef(status);
  useEffect(() => {
    const wasStreaming = previousStatus.current === "streaming";
    previousStatus.current = status;
    const last = messages.at(-1);
    const unsettled = !last?.metadata?.status || !last.metadata.versions;
    if (wasStreaming && status === "ready" && last?.role === "assistant" && unsettled) {
      void syncFromServer();
    }
  }, [status, messages, syncFromServer]);
}
