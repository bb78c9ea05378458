"use client";
import { useState } from "react";
import { useI18n } from "@/lib/i18n/client";
import { SidebarToggle } from "@/components/sidebar/sidebar-toggle";
import { useThreadRenamed } from "@/components/sidebar/threads-events";
import { contextStartOf, messageText, type ChatMessage } from "./chat-message";
import { waitText } from "@/lib/rate-limit/wait";
import { Composer } from "./composer";
import { ExportLinks } from "./export-links";
import { MessageList } from "./message-list";
import { SettingsPanel } from "./settings-panel";
import { useBranchActions } from "./use-branch-actions";
import { useReadBackAfterStream } from "./use-read-back-after-stream";
import { ShareDialog } from "./share-dialog";
import { useOlderMessages } from "./use-older-messages";
import { useServerReply } from "./use-server-reply";
import { useSyncOnReturn } from "./use-sync-on-return";
import { useThreadChat } from "./use-thread-chat";

interface ChatProps {
  threadId: string;
  initialMessages: ChatMessage[];
  title?: string;
  maxChars: number;
  // The thread is stored already (an existing conversation, not a new chat).
  threadExists?: boolean;
  // Open the thread at this message (`?message=`, e.g. from a search result).
  focusMessageId?: string;
}

export function Chat({ threadId, initialMessages, title, maxChars, threadExists = false, focusMessageId }: ChatProps) {
  const { t } = useI18n();
  const [draft, setDraft] = useState("");
  const [notice, setNotice] = useState<string>();
  const [heading, setHeading] = useState(title);
  useThreadRenamed(threadId, setHeading);
  const chat = useThreadChat({ threadId, initialMessages });
  const { messages, setMessages, clearError } = chat;
  const server = useServerReply({
    threadId,
    messages,
    status: chat.status,
    serverBusy: chat.serverBusy,
    stop: chat.stop,
    setMessages,
  });
  const busy = chat.streaming || chat.serverBusy || server.stopping;
  const older = useOlderMessages({ threadId, messages, setMessages });

  useReadBackAfterStream(chat.status, messages, server.syncFromServer);
  // A reply means the server has stored the thread.
  const stored = threadExists || messages.some((message) => message.role === "assistant");
  useSyncOnReturn({ stored, idle: !busy, syncFromServer: server.syncFromServer });

  // A request the server refused before streaming changed nothing: undo it locally and say why.
  const undoIfRejected = (before: ChatMessage[]): boolean => {
    const rejection = chat.takeRejection();
    if (!rejection) return false;
    setMessages(before);
    void server.syncFromServer(); // the thread may have changed in another tab
    clearError();
    const wait = rejection.values?.retryAfterSeconds;
    setNotice(t(rejection.key, { max: maxChars, ...rejection.values, ...(wait ? { time: waitText(wait, t) } : {}) }));
    return true;
  };

  const branch = useBranchActions({ threadId, chat, server, maxChars, undoIfRejected, setNotice, setDraft });

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
    chat.resetLastError();
    await chat.sendMessage({ text });
    if (undoIfRejected(before)) {
      setDraft(text);
      setHeading(title);
    }
  };

  // After a lost connection, the server's copy says what happened to the question;
  // if it never arrived, it goes back into the composer.
  const recoverFromNetworkError = async () => {
    const question = messages.findLast((message) => message.role === "user");
    const result = await server.syncFromServer();
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
    if (chat.threadFailure?.kind === "network") {
      await recoverFromNetworkError();
      return;
    }
    const before = messages;
    chat.resetLastError();
    await chat.regenerate();
    undoIfRejected(before);
  };

  const continueReply = async () => {
    setNotice(undefined);
    const before = messages;
    chat.resetLastError();
    await chat.regenerate({ body: { continue: true } });
    undoIfRejected(before);
  };

  return (
    <div className="chat">
      <ChatHeader heading={heading ?? t("sidebar.newChat")} threadId={threadId} threadExists={stored} />
      <MessageList
        messages={messages}
        busy={busy}
        failureKey={chat.threadFailure?.key}
        retryableId={chat.retryableId}
        onRetry={retry}
        continuableId={chat.continuableId}
        onContinue={continueReply}
        contextStartId={contextStartOf(messages)}
        branchActions={branch.actions}
        older={older}
        focusMessageId={focusMessageId}
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
        onStop={server.stopReply}
        busy={busy}
        maxChars={maxChars}
        notice={notice}
        focusSignal={branch.composerFocus}
      />
    </div>
  );
}

function ChatHeader({ heading, threadId, threadExists }: { heading: string; threadId: string; threadExists: boolean }) {
  return (
    <header className="chat__header">
      <SidebarToggle />
      <h1 className="chat__title">{heading}</h1>
      <div className="chat__actions">
        {threadExists ? <ExportLinks threadId={threadId} /> : null}
        {threadExists ? <ShareDialog threadId={threadId} /> : null}
        <SettingsPanel threadId={threadId} threadExists={threadExists} />
      </div>
    </header>
  );
}
