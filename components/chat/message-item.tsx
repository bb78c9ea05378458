"use client";
import { memo, useRef, useState } from "react";
import { useI18n } from "@/lib/i18n/client";
import type { MessageKey } from "@/lib/i18n/dictionaries";
import { messageText, type ChatMessage } from "./chat-message";
import { modelErrorKey } from "./chat-errors";
import { Markdown } from "./markdown";
import { EditForm, MessageActionBar, type MessageBranchActions } from "./message-actions";

import { TypingIndicator } from "./typing-indicator";

export type { MessageBranchActions } from "./message-actions";

export interface MessageItemProps {
  message: ChatMessage;
  // Set on the reply whose live request failed (stream error or lost connection).
  failureKey?: MessageKey;
  // Only the thread's last reply can be retried; the server regenerates it in place.
  onRetry?: () => void;
  // A reply cut short (stopped, interrupted, at its length limit) can be continued in place.
  onContinue?: () => void;
  writing?: boolean;
  // Branch actions, each set only where it applies (see MessageList).
  branch?: MessageBranchActions;
}

export const MessageItem = memo(function MessageItem({
  message,
  failureKey,
  onRetry,
  onContinue,
  writing,
  branch,
}: MessageItemProps) {
  const { t } = useI18n();
  const [editing, setEditing] = useState(false);
  const editButton = useRef<HTMLButtonElement>(null);
  const author = message.role === "user" ? t("chat.role.user") : t("chat.role.assistant");
  const text = messageText(message);

  return (
    <article className={`message message--${message.role}`} aria-label={author}>
      <p className="message__author" aria-hidden="true">
        {author}
      </p>
      <div className="message__body">
        {editing && branch?.onEdit ? (
          <EditForm
            initialText={text}
            maxChars={branch.maxChars}
            onSave={(edited) => {
              setEditing(false);
              branch.onEdit?.(edited);
            }}
            onCancel={() => {
              setEditing(false);
              // Back to the button that opened the form, once it is shown again.
              window.setTimeout(() => editButton.current?.focus(), 0);
            }}
          />
        ) : (
          <MessageText role={message.role} text={text} writing={writing} />
        )}
      </div>
      <ReplyNotice message={message} failureKey={failureKey} onRetry={onRetry} onContinue={onContinue} />
      {!editing && (text || branch) ? (
        <MessageActionBar
          text={text}
          versions={message.metadata?.versions}
          branch={branch}
          editButton={editButton}
          onStartEdit={() => setEditing(true)}
        />
      ) : null}
    </article>
  );
});

// What happened to a reply that did not simply complete, with Retry and Continue where they apply.
function ReplyNotice({ message, failureKey, onRetry, onContinue }: Omit<MessageItemProps, "writing" | "branch">) {
  const { t } = useI18n();
  const status = message.metadata?.status;
  const alertKey = failureKey ?? (status === "failed" ? modelErrorKey(message.metadata?.errorCode) : undefined);
  const noteKey = noteFor(message);
  const retry = onRetry ? (
    <button type="button" className="button button--small" onClick={onRetry}>
      {t("chat.retry")}
    </button>
  ) : null;
  if (alertKey) {
    return (
      <div className="message__alert" role="alert">
        <p>{t(alertKey)}</p>
        {retry}
      </div>
    );
  }
  if (!noteKey) return null;
  return (
    <div className="message__note">
      <p>{t(noteKey)}</p>
      {onContinue ? (
        <button type="button" className="button button--small" onClick={onContinue}>
          {t("chat.continue")}
        </button>
      ) : null}
      {status === "stopped" || status === "interrupted" ? retry : null}
    </div>
  );
}

function noteFor(message: ChatMessage): MessageKey | undefined {
  if (message.role !== "assistant") return undefined;
  const { status, finishReason } = message.metadata ?? {};
  if (status === "stopped") return "chat.status.stopped";
  if (status === "interrupted") return "chat.status.interrupted";
  if (finishReason === "length") return "chat.status.truncated";
  return undefined;
}

function MessageText({ role, text, writing }: { role: ChatMessage["role"]; text: string; writing?: boolean }) {
  if (role === "user") return <p className="message__text">{text}</p>;
  if (text) return <Markdown text={text} />;
  return writing ? <TypingIndicator /> : null;
}
