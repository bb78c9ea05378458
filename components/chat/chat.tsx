"use client";
import { useChat } from "@ai-sdk/react";
import { DefaultChatTransport } from "ai";
import { useCallback, useEffect, useRef, useState } from "react";
import { useI18n } from "@/lib/i18n/client";
import { notifyThreadsChanged } from "@/components/sidebar/threads-events";
import { SidebarToggle } from "@/components/sidebar/sidebar-toggle";
import {
  isReplyInProgressOnServer,
  messageText,
  toChatMessages,
  type ChatMessage,
  type StoredMessageLike,
} from "./chat-message";
import { describeChatFailure } from "./chat-errors";
import { Composer } from "./composer";
import { MessageList } from "./message-list";

interface ChatProps {
  threadId: string;
  initialMessages: ChatMessage[];
  title?: string;
  maxChars: number;
}

const POLL_INTERVAL_MS = 1_000;
const RETRYABLE = new Set(["failed", "stopped", "interrupted"]);

// The server holds the history: a request carries only the new text, or asks to retry the last reply.
function createTransport(threadId: string) {
  return new DefaultChatTransport<ChatMessage>({
    api: "/api/chat",
    prepareSendMessagesRequest: ({ trigger, messages }) => {
      if (trigger === "regenerate-message") return { body: { trigger: "retry", threadId } };
      const question = messages.findLast((message) => message.role === "user");
      return { body: { trigger: "submit", threadId, text: question ? messageText(question) : "" } };
    },
  });
}

type SyncResult = ChatMessage[] | "missing" | "failed";

export function Chat({ threadId, initialMessages, title, maxChars }: ChatProps) {
  const { t } = useI18n();
  const [transport] = useState(() => createTransport(threadId));
  const [draft, setDraft] = useState("");
  const [notice, setNotice] = useState<string>();
  const [heading, setHeading] = useState(title);
  const [stopping, setStopping] = useState(false);
  const lastError = useRef<Error | undefined>(undefined);
  const announced = useRef(initialMessages.length > 0);

  // The thread exists once the server starts a reply: give it its URL (without remounting) and list it.
  const announceThread = useCallback(() => {
    if (!announced.current) {
      announced.current = true;
      window.history.replaceState(null, "", `/c/${threadId}`);
    }
    notifyThreadsChanged();
  }, [threadId]);

  const { messages, status, error, sendMessage, regenerate, stop, setMessages, clearError } = useChat<ChatMessage>({
    id: threadId,
    messages: initialMessages,
    transport,
    throttle: 30,
    onError: (failure) => {
      lastError.current = failure;
    },
    onFinish: ({ message }) => {
      if (message.metadata?.threadId === threadId) announceThread();
    },
  });

  const streaming = status === "submitted" || status === "streaming";
  const last = messages.at(-1);
  const serverBusy = !streaming && isReplyInProgressOnServer(last);
  const busy = streaming || serverBusy || stopping;
  const failure = status === "error" && error ? describeChatFailure(error) : undefined;
  const threadFailure = failure && failure.kind !== "rejected" ? failure : undefined;
  const retryableId =
    last?.role === "assistant" && (threadFailure || RETRYABLE.has(last.metadata?.status ?? "")) ? last.id : undefined;

  useEffect(() => {
    if (status === "streaming") announceThread();
  }, [status, announceThread]);

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

  // A request the server refused before streaming changed nothing: undo it locally and say why.
  const undoIfRejected = (before: ChatMessage[]): boolean => {
    const rejected = lastError.current ? describeChatFailure(lastError.current) : undefined;
    if (rejected?.kind !== "rejected") return false;
    setMessages(before);
    clearError();
    setNotice(t(rejected.key, { max: maxChars }));
    return true;
  };

  const send = async () => {
    const text = draft.trim();
    if (!text) {
      setNotice(t("error.message_empty"));
      return;
    }
    if (text.length > maxChars) return;
    const before = messages;
    setNotice(undefined);
    setDraft("");
    setHeading((current) => current ?? (text.split("\n")[0] ?? text).slice(0, 80));
    lastError.current = undefined;
    await sendMessage({ text });
    if (undoIfRejected(before)) {
      setDraft(text);
      setHeading(title);
    }
  };

  // After a lost connection, the server's copy says what really happened to the question;
  // if it never arrived, it goes back into the composer.
  const recoverFromNetworkError = async () => {
    const question = messages.findLast((message) => message.role === "user");
    const result = await syncFromServer();
    if (result === "failed") return;
    clearError();
    const stored = result === "missing" ? [] : result;
    if (result === "missing") setMessages(stored);
    const storedQuestion = stored.findLast((message) => message.role === "user");
    if (question && (!storedQuestion || messageText(storedQuestion) !== messageText(question))) {
      setDraft(messageText(question));
    }
  };

  const retry = async () => {
    setNotice(undefined);
    if (threadFailure?.kind === "network") {
      await recoverFromNetworkError();
      return;
    }
    const before = messages;
    lastError.current = undefined;
    await regenerate();
    undoIfRejected(before);
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

  const stopAndSettle = async () => {
    const stopRequest = fetch(`/api/threads/${threadId}/stop`, { method: "POST" })
      .then((response) => (response.ok ? (response.json() as Promise<{ stopped: boolean }>) : undefined))
      .catch(() => undefined);
    const shownReply = streaming && last?.role === "assistant" ? last : undefined;
    if (streaming) await stop();
    const result = await stopRequest;
    if (shownReply && result?.stopped) {
      // The server keeps this partial text and marks it stopped; mirror that without a round trip.
      setMessages((current) => current.map((message) => (message.id === shownReply.id ? markAs(message, "stopped") : message)));
    } else {
      const stored = await syncFromServer();
      // Nothing on the server is writing this reply any more (e.g. after a restart): let it be retried.
      if (result?.stopped === false && Array.isArray(stored) && isReplyInProgressOnServer(stored.at(-1))) {
        setMessages(stored.map((message, index) => (index === stored.length - 1 ? markAs(message, "interrupted") : message)));
      }
    }
  };

  return (
    <div className="chat">
      <header className="chat__header">
        <SidebarToggle />
        <h1 className="chat__title">{heading ?? t("sidebar.newChat")}</h1>
      </header>
      <MessageList
        messages={messages}
        busy={busy}
        failureKey={threadFailure?.key}
        retryableId={retryableId}
        onRetry={retry}
      />
      <p className="chat__status" role="status">
        {busy ? t("chat.status.streaming") : ""}
      </p>
      <Composer
        value={draft}
        onChange={(value) => {
          setDraft(value);
          setNotice(undefined);
        }}
        onSend={send}
        onStop={stopReply}
        busy={busy}
        maxChars={maxChars}
        notice={notice}
      />
    </div>
  );
}

function markAs(message: ChatMessage, status: "stopped" | "interrupted"): ChatMessage {
  return { ...message, metadata: { ...message.metadata, status } };
}
