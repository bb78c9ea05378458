"use client";
import { useCallback, useRef, useState } from "react";
import { MESSAGE_PAGE_SIZE } from "@/lib/chat/message-window";
import { hasOlderMessages, toChatMessages, type ChatMessage, type StoredMessageLike } from "./chat-message";
import { prependOlder } from "./message-pages";

export type OlderMessagesState = "idle" | "loading" | "failed";

export interface OlderMessages {
  hasOlder: boolean;
  state: OlderMessagesState;
  loadOlder: () => void;
}

interface OlderMessagesOptions {
  threadId: string;
  messages: ChatMessage[];
  setMessages: (update: (messages: ChatMessage[]) => ChatMessage[]) => void;
}

// A long thread opens on its newest page; this fetches the page before the first message shown.
export function useOlderMessages({ threadId, messages, setMessages }: OlderMessagesOptions): OlderMessages {
  const [state, setState] = useState<OlderMessagesState>("idle");
  const inFlight = useRef(false);
  const hasOlder = hasOlderMessages(messages);
  const before = messages[0]?.metadata?.position;

  const loadOlder = useCallback(() => {
    if (inFlight.current || before === undefined || before === 0) return;
    inFlight.current = true;
    setState("loading");
    void fetchOlder(threadId, before)
      .then((older) => {
        setMessages((current) => prependOlder(current, older));
        setState("idle");
      })
      .catch(() => setState("failed"))
      .finally(() => {
        inFlight.current = false;
      });
  }, [threadId, before, setMessages]);

  return { hasOlder, state, loadOlder };
}

async function fetchOlder(threadId: string, before: number): Promise<ChatMessage[]> {
  const response = await fetch(`/api/threads/${threadId}/messages?before=${before}&limit=${MESSAGE_PAGE_SIZE}`, {
    cache: "no-store",
  });
  if (!response.ok) throw new Error(`older messages: ${response.status}`);
  const body = (await response.json()) as { messages: StoredMessageLike[] };
  return toChatMessages(body.messages);
}
