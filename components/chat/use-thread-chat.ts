"use client";
import { useCallback, useEffect, useRef, useState } from "react";
import { notifyThreadsChanged } from "@/components/sidebar/threads-events";
import { isReplyInProgressOnServer, messageText, type ChatMessage } from "./chat-message";
import { describeChatFailure } from "./chat-errors";
import { ChatTransport } from "./chat-transport";
import { useChat } from "./use-ui-chat";

const RETRYABLE = new Set(["failed", "stopped", "interrupted"]);

// A reply cut short that the model can pick up where it stopped.
function isContinuable(message: ChatMessage | undefined): boolean {
  if (message?.role !== "assistant" || messageText(message) === "") return false;
  const { status, finishReason } = message.metadata ?? {};
  return status === "stopped" || status === "interrupted" || (status === "complete" && finishReason === "length");
}

// The last reply can be generated again: its live request failed, or it did not complete.
function isRetryable(message: ChatMessage | undefined, failedLive: boolean): boolean {
  return message?.role === "assistant" && (failedLive || RETRYABLE.has(message.metadata?.status ?? ""));
}

// The server holds the history: a request carries only the new text, or asks to retry, continue or
// regenerate the last reply (body `{ continue: true }` / `{ regenerate: replyId }`), or to send an
// edited question as a new version of a stored one (body `{ edit: messageId }`).
function createTransport(threadId: string) {
  return new ChatTransport<ChatMessage>({
    api: "/api/chat",
    prepareSendMessagesRequest: ({ trigger, messages, body }) => {
      if (trigger === "regenerate-message") {
        if (typeof body?.regenerate === "string") {
          return { body: { trigger: "regenerate", threadId, messageId: body.regenerate } };
        }
        return { body: { trigger: body?.continue === true ? "continue" : "retry", threadId } };
      }
      const question = messages.findLast((message) => message.role === "user");
      const text = question ? messageText(question) : "";
      if (typeof body?.edit === "string") return { body: { trigger: "edit", threadId, messageId: body.edit, text } };
      // The reply before the new question is the branch this tab shows (its id is the server's).
      const leaf = messages.at(-2);
      const leafId = leaf?.role === "assistant" ? leaf.id : undefined;
      return { body: { trigger: "submit", threadId, text, ...(leafId ? { leafId } : {}) } };
    },
  });
}

// useChat bound to one thread, plus what the view needs to know about the live request.
export function useThreadChat({ threadId, initialMessages }: { threadId: string; initialMessages: ChatMessage[] }) {
  const [transport] = useState(() => createTransport(threadId));
  // The error of the latest request, read right after sendMessage/regenerate resolve.
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

  const chat = useChat<ChatMessage>({
    id: threadId,
    messages: initialMessages,
    transport,
    throttle: 30,
    onError: (error) => {
      lastError.current = error;
    },
    onFinish: ({ message }) => {
      if (message.metadata?.threadId === threadId) announceThread();
    },
  });

  useEffect(() => {
    if (chat.status === "streaming") announceThread();
  }, [chat.status, announceThread]);

  // A reply still being generated when the page loaded (a reload, another tab or device): follow
  // it live from its first chunk, in place of the partial copy the page was rendered with.
  const { setMessages, resumeStream } = chat;
  const resumed = useRef(false);
  useEffect(() => {
    if (resumed.current || !isReplyInProgressOnServer(initialMessages.at(-1))) return;
    resumed.current = true;
    const partial = initialMessages.at(-1);
    setMessages(initialMessages.slice(0, -1));
    void resumeStream().then(() =>
      // Nothing to follow (it just ended, or runs where this instance cannot see it): keep the
      // saved copy, which the page then refreshes until the reply settles.
      setMessages((current) => (current.some((message) => message.id === partial?.id) ? current : initialMessages)),
    );
  }, [initialMessages, setMessages, resumeStream]);

  const streaming = chat.status === "submitted" || chat.status === "streaming";
  const last = chat.messages.at(-1);
  const failure = chat.status === "error" && chat.error ? describeChatFailure(chat.error) : undefined;
  // Refused requests are undone by the caller and reported at the composer, not in the thread.
  const threadFailure = failure?.kind === "rejected" ? undefined : failure;
  const retryableId = isRetryable(last, threadFailure !== undefined) ? last?.id : undefined;

  const takeRejection = useCallback(() => {
    const error = lastError.current;
    lastError.current = undefined;
    const described = error ? describeChatFailure(error) : undefined;
    return described?.kind === "rejected" ? described : undefined;
  }, []);

  return {
    ...chat,
    streaming,
    serverBusy: !streaming && isReplyInProgressOnServer(last),
    threadFailure,
    retryableId,
    continuableId: !streaming && isContinuable(last) ? last?.id : undefined,
    takeRejection,
    resetLastError: () => {
      lastError.current = undefined;
    },
  };
}
