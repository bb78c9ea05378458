"use client";
import { useCallback, useEffect, useMemo, useRef, type Ref } from "react";
import { useI18n } from "@/lib/i18n/client";
import type { MessageKey } from "@/lib/i18n/dictionaries";
import type { ChatMessage } from "./chat-message";
import { MessageItem, type MessageBranchActions, type MessageItemProps } from "./message-item";
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

// Only the messages near the viewport are in the page (a long thread stays light): find-in-page
// and a screen reader's browse mode reach the others once they are scrolled to; each message says
// its place in the whole thread (aria-posinset / aria-setsize).
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
  branchActions,
}: MessageListProps) {
  const { t } = useI18n();
  const scrollerRef = useRef<HTMLDivElement>(null);
  const rowsRef = useRef<HTMLDivElement>(null);
  const keys = useMemo(() => messages.map((message) => message.id), [messages]);
  const startAt = rowOf(keys, focusMessageId);
  // By id: older messages added in front must not count as a new question.
  const lastQuestionId = messages.findLast((message) => message.role === "user")?.id;
  const stick = useStickToBottom(scrollerRef, messages, lastQuestionId, { initiallyStuck: startAt === undefined });
  const {
    range,
    beforeRef,
    afterRef,
    onScroll: onVirtualScroll,
  } = useVirtualRows({
    scrollerRef,
    rowsRef,
    keys,
    startAt,
    isStuck: stick.isStuck,
    follow: stick.follow,
  });
  const last = messages.at(-1);
  // Where the loaded messages sit in the whole thread (for screen readers: "message 3 of 1,000").
  const firstPosition = firstPositionOf(messages);
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
    onVirtualScroll();
    loadOlderIfNearTop();
  };

  // The linked message takes the focus (keyboard and screen reader users start there).
  const focusedRowRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    focusedRowRef.current?.focus({ preventScroll: true });
  }, []);

  const itemProps = (message: ChatMessage): MessageItemProps => ({
    message,
    failureKey: failureOnLast && message === last ? failureKey : undefined,
    onRetry: message.id === retryableId && !busy ? onRetry : undefined,
    onContinue: message.id === continuableId && !busy ? onContinue : undefined,
    writing: busy && message === last,
    branch: branchActions ? branchActionsFor(message, message === last, busy, branchActions) : undefined,
  });

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
          <EmptyThread />
        ) : (
          <div className="message-list__items">
            {older?.hasOlder ? <OlderMessagesRow older={older} /> : null}
            <div ref={rowsRef} className="message-list__rows" role="list">
              <div ref={beforeRef} aria-hidden="true" />
              {messages.slice(range.start, range.end).map((message, offset) => (
                <MessageRow
                  key={message.id}
                  item={itemProps(message)}
                  place={{ position: firstPosition + range.start + offset, count: firstPosition + messages.length }}
                  // The divider goes above the first message the model read, unless nothing is above it.
                  divider={message.id === contextStartId && (range.start + offset > 0 || older?.hasOlder === true)}
                  focusedRef={message.id === focusMessageId ? focusedRowRef : undefined}
                />
              ))}
              <div ref={afterRef} aria-hidden="true" />
            </div>
            {busy && last?.role === "user" ? <TypingIndicator /> : null}
            {failureKey && !failureOnLast ? (
              <StandaloneFailure failureKey={failureKey} onRetry={busy ? undefined : onRetry} />
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

// A failed request with no reply to show it on (nothing arrived after the question).
function StandaloneFailure({ failureKey, onRetry }: { failureKey: MessageKey; onRetry?: () => void }) {
  const { t } = useI18n();
  return (
    <div className="message__alert message__alert--standalone" role="alert">
      <p>{t(failureKey)}</p>
      {onRetry ? (
        <button type="button" className="button button--small" onClick={onRetry}>
          {t("chat.retry")}
        </button>
      ) : null}
    </div>
  );
}

// Messages not loaded yet come before the first one here.
function firstPositionOf(messages: readonly ChatMessage[]): number {
  return messages[0]?.metadata?.position ?? 0;
}

// The linked message's row, when it is in the thread.
function rowOf(keys: readonly string[], id: string | undefined): number | undefined {
  const index = id === undefined ? -1 : keys.indexOf(id);
  return index === -1 ? undefined : index;
}

function EmptyThread() {
  const { t } = useI18n();
  return (
    <div className="empty-state">
      <div className="empty-state__mark" aria-hidden="true">
        P
      </div>
      <h2>{t("chat.emptyTitle")}</h2>
      <p>{t("chat.emptyBody")}</p>
    </div>
  );
}

// One message (with the context divider above it); the linked message is marked and focusable.
function MessageRow({
  item,
  place,
  divider,
  focusedRef,
}: {
  item: MessageItemProps;
  // The message's place in the thread (0-based) and the thread's length.
  place: { position: number; count: number };
  divider: boolean;
  focusedRef?: Ref<HTMLDivElement>;
}) {
  const { t } = useI18n();
  const focused = focusedRef !== undefined;
  return (
    <div
      {...{ [ROW_KEY_ATTRIBUTE]: item.message.id }}
      ref={focusedRef}
      className="message-list__row"
      role="listitem"
      aria-posinset={place.position + 1}
      aria-setsize={place.count}
      aria-current={focused ? "true" : undefined}
      tabIndex={focused ? -1 : undefined}
    >
      {divider ? (
        <div className="context-divider" role="separator" aria-label={t("chat.context.divider")}>
          <span>{t("chat.context.divider")}</span>
        </div>
      ) : null}
      <MessageItem {...item} />
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
