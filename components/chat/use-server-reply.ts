"use client";
import type { ChatStatus } from "ai";
import { useCallback, useEffect, useRef, useState } from "react";
import { notifyThreadsChanged } from "@/components/sidebar/threads-events";
import { isReplyInProgressOnServer, toChatMessages, type ChatMessage, type StoredMessageLike } from "./chat-message";

const POLL_INTERVAL_MS = 1_000;

export type SyncResult = ChatMessage[] | "missing" | "failed";

interface ServerReplyOptions {
  threadId: string;
  messages: ChatMessage[];
  status: ChatStatus;
  serverBusy: boolean;
  stop: () => Promise<void>;
  setMessages: (messages: ChatMessage[] | ((messages: ChatMessage[]) => ChatMessage[])) => void;
}

// The server owns generation: this reads its copy of the thread, follows a reply it is still
// writing, and stops it (the client's stop() alone only disconnects).
export function useServerReply({ threadId, messages, status, serverBusy, stop, setMessages }: ServerReplyOptions) {
  const [stopping, setStopping] = useState(false);
  // Read after awaiting, when the render-time values are stale.
  const latest = useRef({ messages, status });
  const answered = useRef<(() => void) | null>(null);

  useEffect(() => {
    latest.current = { messages, status };
    if (status !== "submitted") {
      answered.current?.();
      answered.current = null;
    }
  }, [messages, status]);

  // Stopping before the server answered would leave it generating a reply nobody sees:
  // wait for its answer (the reply is then registered and can be stopped), then stop.
  const waitForAnswer = () =>
    latest.current.status === "submitted"
      ? new Promise<void>((resolve) => {
          answered.current = resolve;
        })
      : Promise.resolve();

  const syncFromServer = useCallback(async (): Promise<SyncResult> => {
    try {
      const response = await fetch(`/api/threads/${threadId}`, { cache: "no-store" });
      if (response.status === 404) return "missing";
      if (!response.ok) return "failed";
      const body = (await response.json()) as { thread: { messages: StoredMessageLike[] } };
      const stored = toChatMessages(body.thread.messages);
      setMessages(stored);
      return stored;
    } catch {
      return "failed";
    }
  }, [threadId, setMessages]);

  // A reply still being written on the server (seen after a reload): follow it until it settles.
  useEffect(() => {
    if (!serverBusy) return;
    const timer = window.setInterval(() => void syncFromServer(), POLL_INTERVAL_MS);
    return () => window.clearInterval(timer);
  }, [serverBusy, syncFromServer]);

  const stopAndSettle = async () => {
    await waitForAnswer();
    const streaming = latest.current.status === "streaming";
    const stopRequest = fetch(`/api/threads/${threadId}/stop`, { method: "POST" })
      .then((response) => (response.ok ? (response.json() as Promise<{ stopped: boolean }>) : undefined))
      .catch(() => undefined);
    const last = latest.current.messages.at(-1);
    const shownReply = streaming && last?.role === "assistant" ? last : undefined;
    if (streaming) await stop();
    const result = await stopRequest;
    if (shownReply && result?.stopped) {
      // The server keeps this partial text and marks it stopped; mirror that without a round trip.
      setMessages((current) =>
        current.map((message) => (message.id === shownReply.id ? markAs(message, "stopped") : message)),
      );
      return;
    }
    const stored = await syncFromServer();
    // Nothing on the server is writing this reply any more (e.g. after a restart): let it be retried.
    if (result?.stopped === false && Array.isArray(stored) && isReplyInProgressOnServer(stored.at(-1))) {
      setMessages(
        stored.map((message, index) => (index === stored.length - 1 ? markAs(message, "interrupted") : message)),
      );
    }
  };

  const stopReply = async () => {
    if (stopping) return;
    setStopping(true);
    try {
      await stopAndSettle();
    } finally {
      setStopping(false);
    }
    notifyThreadsChanged();
  };

  return { stopping, stopReply, syncFromServer };
}

function markAs(message: ChatMessage, status: "stopped" | "interrupted"): ChatMessage {
  return { ...message, metadata: { ...message.metadata, status } };
}
