"use client";
import { memo } from "react";
import { useI18n } from "@/lib/i18n/client";
import type { MessageKey } from "@/lib/i18n/dictionaries";
import { messageText, type ChatMessage } from "./chat-message";
import { modelErrorKey } from "./chat-errors";
import { Markdown } from "./markdown";
import { TypingIndicator } from "./typing-indicator";

export interface MessageItemProps {
  message: ChatMessage;
  // Set on the reply whose live request failed (stream error or lost connection).
  failureKey?: MessageKey;
  // Only the thread's last reply can be retried; the server regenerates it in place.
  onRetry?: () => void;
  // A reply cut short (stopped, interrupted, at its length limit) can be continued in place.
  onContinue?: () => void;
  writing?: boolean;
}

export const MessageItem = memo(function MessageItem({
  message,
  failureKey,
  onRetry,
  onContinue,
  writing,
}: MessageItemProps) {
  const { t } = useI18n();
  const author = message.role === "user" ? t("chat.role.user") : t("chat.role.assistant");
  const text = messageText(message);
  const status = message.metadata?.status;
  const alertKey = failureKey ?? (status === "failed" ? modelErrorKey(message.metadata?.errorCode) : undefined);
  const noteKey = noteFor(message);
  const retry = onRetry ? (
    <button type="button" className="button button--small" onClick={onRetry}>
      {t("chat.retry")}
    </button>
  ) : null;
  const continueButton = onContinue ? (
    <button type="button" className="button button--small" onClick={onContinue}>
      {t("chat.continue")}
    </button>
  ) : null;

  return (
    <article className={`message message--${message.role}`} aria-label={author}>
      <p className="message__author" aria-hidden="true">
        {author}
      </p>
      <div className="message__body">
        {message.role === "user" ? (
          <p className="message__text">{text}</p>
        ) : text ? (
          <Markdown text={text} />
        ) : writing ? (
          <TypingIndicator />
        ) : null}
      </div>
      {alertKey ? (
        <div className="message__alert" role="alert">
          <p>{t(alertKey)}</p>
          {retry}
        </div>
      ) : noteKey ? (
        <div className="message__note">
          <p>{t(noteKey)}</p>
          {continueButton}
          {status === "stopped" || status === "interrupted" ? retry : null}
        </div>
      ) : null}
    </article>
  );
});

function noteFor(message: ChatMessage): MessageKey | undefined {
  if (message.role !== "assistant") return undefined;
  const { status, finishReason } = message.metadata ?? {};
  if (status === "stopped") return "chat.status.stopped";
  if (status === "interrupted") return "chat.status.interrupted";
  if (finishReason === "length") return "chat.status.truncated";
  return undefined;
}
