"use client";
import type { ChatStatus } from "ai";
import { useCallback, useEffect, useRef, useState } from "react";
import { notifyThreadsChanged } from "@/components/sidebar/threads-events";
import { isReplyInProgressOnServer, toChatMessages, type ChatMessage, type StoredMessageLike } from "./chat-message";
import { mergeNewestPage } from "./message-pages";

const POLL_INTERVAL_MS = 1_000;
// How long the server's stream may take to end after Stop before this tab disconnects anyway.
const STOP_GRACE_MS = 5_000;

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
      // The newest page only: older messages the view loaded stay as they are.
      const response = await fetch(`/api/threads/${threadId}/messages`, { cache: "no-store" });
      if (response.status === 404) return "missing";
      if (!response.ok) return "failed";
      const body = (await response.json()) as { messages: StoredMessageLike[]; contextStartId?: string | null };
      const stored = mergeNewestPage(latest.current.messages, toChatMessages(body.messages, body.contextStartId));
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

  // Stop is the server's action: it aborts the generation, saves the text, and ends the stream for
  // every tab watching, this one included. Disconnecting first would show a stale saved copy.
  const stopAndSettle = async () => {
    await waitForAnswer();
    const result = await fetch(`/api/threads/${threadId}/stop`, { method: "POST" })
      .then((response) => (response.ok ? (response.json() as Promise<{ stopped: boolean }>) : undefined))
      .catch(() => undefined);
    if (result?.stopped && latest.current.status === "streaming") {
      const ended = await streamEnd(STOP_GRACE_MS);
      if (ended) return;
      await stop();
    }
    const stored = await syncFromServer();
    // Nothing on the server is writing this reply any more (e.g. after a restart): let it be retried.
    if (result?.stopped === false && Array.isArray(stored) && isReplyInProgressOnServer(stored.at(-1))) {
      setMessages(
        stored.map((message, index) => (index === stored.length - 1 ? markAs(message, "interrupted") : message)),
      );
    }
  };

  // Resolves true when the live stream ends within `ms`.
  const streamEnd = (ms: number) =>
    new Promise<boolean>((resolve) => {
      const started = Date.now();
      const timer = window.setInterval(() => {
        const done = latest.current.status !== "streaming";
        if (done || Date.now() - started > ms) {
          window.clearInterval(timer);
          resolve(done);
        }
      }, 50);
    });

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
