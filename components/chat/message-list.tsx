"use client";
import { useCallback, useEffect, useMemo, useRef } from "react";
import { useI18n } from "@/lib/i18n/client";
import type { MessageKey } from "@/lib/i18n/dictionaries";
import type { ChatMessage } from "./chat-message";
import { MessageItem } from "./message-item";
import { OlderMessagesRow } from "./older-messages-row";
import type { OlderMessages } from "./use-older-messages";
import { useStickToBottom } from "./use-stick-to-bottom";
import { ROW_KEY_ATTRIBUTE, useVirtualRows } from "./use-virtual-rows";
import { TypingIndicator } from "./typing-indicator";

// Older messages start loading this far before the top is reached.
const LOAD_OLDER_WITHIN_PX = 1_200;

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
  // The thread's messages before the first one here, fetched on demand.
  older?: OlderMessages;
  // Open at this message (a link to it), marked as the current one.
  focusMessageId?: string;
}

// Only the messages near the viewport are in the page (a long thread stays light): find-in-page
// and a screen reader's browse mode reach the others once they are scrolled to.
export function MessageList({
  messages,
  busy,
  failureKey,
  retryableId,
  onRetry,
  continuableId,
  onContinue,
  contextStartId,
  older,
  focusMessageId,
}: MessageListProps) {
  const { t } = useI18n();
  const scrollerRef = useRef<HTMLDivElement>(null);
  const rowsRef = useRef<HTMLDivElement>(null);
  const keys = useMemo(() => messages.map((message) => message.id), [messages]);
  const focusIndex = focusMessageId ? keys.indexOf(focusMessageId) : -1;
  const startAt = focusIndex === -1 ? undefined : focusIndex;
  // By id: older messages added in front must not count as a new question.
  const lastQuestionId = messages.findLast((message) => message.role === "user")?.id;
  const stick = useStickToBottom(scrollerRef, messages, lastQuestionId, { initiallyStuck: startAt === undefined });
  const virtual = useVirtualRows({ scrollerRef, rowsRef, keys, startAt, isStuck: stick.isStuck, follow: stick.follow });
  const last = messages.at(-1);
  const failureOnLast = failureKey && last?.role === "assistant";

  const loadOlderIfNearTop = useCallback(() => {
    const element = scrollerRef.current;
    if (element && older?.hasOlder && older.state === "idle" && element.scrollTop < LOAD_OLDER_WITHIN_PX) {
      older.loadOlder();
    }
  }, [older]);
  useEffect(loadOlderIfNearTop, [loadOlderIfNearTop, messages.length]);

  const onScroll = () => {
    stick.onScroll();
    virtual.onScroll();
    loadOlderIfNearTop();
  };

  // The linked message takes the focus (keyboard and screen reader users start there).
  const focusedRowRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    focusedRowRef.current?.focus({ preventScroll: true });
  }, []);

  return (
    <div className="message-list">
      <div
        ref={scrollerRef}
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
            {older?.hasOlder ? <OlderMessagesRow older={older} /> : null}
            <div ref={rowsRef} className="message-list__rows">
              <div style={{ height: virtual.spaceBefore }} aria-hidden="true" />
              {messages.slice(virtual.range.start, virtual.range.end).map((message, offset) => {
                const index = virtual.range.start + offset;
                const focused = message.id === focusMessageId;
                return (
                  <div
                    key={message.id}
                    {...{ [ROW_KEY_ATTRIBUTE]: message.id }}
                    ref={focused ? focusedRowRef : undefined}
                    className="message-list__row"
                    aria-current={focused ? "true" : undefined}
                    tabIndex={focused ? -1 : undefined}
                  >
                    {message.id === contextStartId && (index > 0 || older?.hasOlder) ? (
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
                    />
                  </div>
                );
              })}
              <div style={{ height: virtual.spaceAfter }} aria-hidden="true" />
            </div>
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
      {!stick.atBottom ? (
        <button type="button" className="jump-to-latest" onClick={stick.scrollToBottom}>
          {t("chat.scrollToBottom")}
        </button>
      ) : null}
    </div>
  );
}
