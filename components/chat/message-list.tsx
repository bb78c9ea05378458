"use client";
import { Fragment, useRef } from "react";
import { useI18n } from "@/lib/i18n/client";
import type { MessageKey } from "@/lib/i18n/dictionaries";
import type { ChatMessage } from "./chat-message";
import { MessageItem, type MessageBranchActions } from "./message-item";
import { useStickToBottom } from "./use-stick-to-bottom";
import { TypingIndicator } from "./typing-indicator";

interface MessageListProps {
  messages: ChatMessage[];
  busy: boolean;
  // The failed live request, shown on the last reply (or after the last question when no reply arrived).
  failureKey?: MessageKey;
  retryableId?: string;
  onRetry: () => void;
  // The last reply, when it was cut short and can be continued where it stopped.
  continuableId?: string;
  onContinue: () => void;
  // The first message the model read for the last reply, when earlier ones did not fit.
  contextStartId: string | null;
  // Versions, edit, regenerate and undo; absent where the thread cannot change (none today).
  branchActions?: BranchActions;
}

export interface BranchActions {
  maxChars: number;
  onShowVersion: (messageId: string) => void;
  onEdit: (messageId: string, text: string) => void;
  onRegenerate: (messageId: string) => void;
  onUndo: (messageId: string) => void;
}

export function MessageList({
  messages,
  busy,
  failureKey,
  retryableId,
  onRetry,
  continuableId,
  onContinue,
  contextStartId,
  branchActions,
}: MessageListProps) {
  const { t } = useI18n();
  const scroller = useRef<HTMLDivElement>(null);
  const lastUserIndex = messages.findLastIndex((message) => message.role === "user");
  const { atBottom, onScroll, scrollToBottom } = useStickToBottom(scroller, messages, lastUserIndex);
  const last = messages.at(-1);
  const failureOnLast = failureKey && last?.role === "assistant";

  return (
    <div className="message-list">
      <div
        ref={scroller}
        className="message-list__scroller"
        role="log"
        aria-live="polite"
        aria-label={t("chat.messages")}
        aria-busy={busy}
        tabIndex={0}
        onScroll={onScroll}
      >
        {messages.length === 0 ? (
          <div className="empty-state">
            <div className="empty-state__mark" aria-hidden="true">
              P
            </div>
            <h2>{t("chat.emptyTitle")}</h2>
            <p>{t("chat.emptyBody")}</p>
          </div>
        ) : (
          <div className="message-list__items">
            {messages.map((message, index) => (
              <Fragment key={message.id}>
                {message.id === contextStartId && index > 0 ? (
                  <div className="context-divider" role="separator" aria-label={t("chat.context.divider")}>
                    <span>{t("chat.context.divider")}</span>
                  </div>
                ) : null}
                <MessageItem
                  message={message}
                  failureKey={failureOnLast && message === last ? failureKey : undefined}
                  onRetry={message.id === retryableId && !busy ? onRetry : undefined}
                  onContinue={message.id === continuableId && !busy ? onContinue : undefined}
                  writing={busy && message === last}
                  branch={branchActions ? branchActionsFor(message, message === last, busy, branchActions) : undefined}
                />
              </Fragment>
            ))}
            {busy && last?.role === "user" ? <TypingIndicator /> : null}
            {failureKey && !failureOnLast ? (
              <div className="message__alert message__alert--standalone" role="alert">
                <p>{t(failureKey)}</p>
                {!busy ? (
                  <button type="button" className="button button--small" onClick={onRetry}>
                    {t("chat.retry")}
                  </button>
                ) : null}
              </div>
            ) : null}
          </div>
        )}
      </div>
      {!atBottom ? (
        <button type="button" className="jump-to-latest" onClick={scrollToBottom}>
          {t("chat.scrollToBottom")}
        </button>
      ) : null}
    </div>
  );
}

// Which branch actions a message offers. Only messages the server has stored (they carry their
// versions) can be edited, regenerated or undone; a message just sent gets them once read back.
function branchActionsFor(
  message: ChatMessage,
  isLast: boolean,
  busy: boolean,
  actions: BranchActions,
): MessageBranchActions | undefined {
  if (!message.metadata?.versions) return undefined;
  const status = message.metadata.status;
  const settled = status !== "pending" && status !== "streaming";
  const { id } = message;
  return {
    disabled: busy,
    maxChars: actions.maxChars,
    onShowVersion: actions.onShowVersion,
    onEdit: message.role === "user" ? (text) => actions.onEdit(id, text) : undefined,
    onRegenerate:
      isLast && message.role === "assistant" && status === "complete" ? () => actions.onRegenerate(id) : undefined,
    onUndo: isLast && settled ? () => actions.onUndo(id) : undefined,
  };
}
