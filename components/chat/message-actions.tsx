"use client";
import { useEffect, useRef, useState, type KeyboardEvent, type RefObject } from "react";
import type { Versions } from "@/lib/chat/branch-tree";
import { useI18n } from "@/lib/i18n/client";

// The buttons under a message: versions, copy, edit, regenerate, undo. Always visible (touch
// screens have no hover); only the ones that apply to the message are shown.

const COPIED_FOR_MS = 2_000;

export interface MessageBranchActions {
  // While a reply is generating nothing may move the branch: the controls are shown, disabled.
  disabled: boolean;
  maxChars: number;
  onShowVersion: (messageId: string) => void;
  onEdit?: (text: string) => void;
  onRegenerate?: () => void;
  onUndo?: () => void;
}

export function MessageActionBar({
  text,
  versions,
  branch,
  editButton,
  onStartEdit,
}: {
  text: string;
  versions: Versions | undefined;
  branch: MessageBranchActions | undefined;
  editButton: RefObject<HTMLButtonElement | null>;
  onStartEdit: () => void;
}) {
  const { t } = useI18n();
  const action = (label: string, onClick: () => void, ref?: RefObject<HTMLButtonElement | null>) => (
    <button
      ref={ref}
      type="button"
      className="button button--small button--ghost"
      disabled={branch?.disabled}
      onClick={onClick}
    >
      {label}
    </button>
  );
  return (
    <div className="message__actions" role="group" aria-label={t("chat.actions")}>
      {branch && versions && versions.count > 1 ? (
        <VersionSwitcher versions={versions} disabled={branch.disabled} onShow={branch.onShowVersion} />
      ) : null}
      {text ? <CopyButton text={text} /> : null}
      {branch?.onEdit ? action(t("chat.edit"), onStartEdit, editButton) : null}
      {branch?.onRegenerate ? action(t("chat.regenerate"), branch.onRegenerate) : null}
      {branch?.onUndo ? action(t("chat.undo"), branch.onUndo) : null}
    </div>
  );
}

export function VersionSwitcher({
  versions,
  disabled,
  onShow,
}: {
  versions: Versions;
  disabled: boolean;
  onShow: (messageId: string) => void;
}) {
  const { t } = useI18n();
  const { previousId, nextId } = versions;
  return (
    <div className="message__versions" role="group" aria-label={t("chat.versions")}>
      <button
        type="button"
        className="button button--small button--ghost message__version-button"
        aria-label={t("chat.version.previous")}
        disabled={disabled || previousId === null}
        onClick={() => previousId && onShow(previousId)}
      >
        ‹
      </button>
      <span className="message__version-status">
        {t("chat.version.status", { index: versions.index, count: versions.count })}
      </span>
      <button
        type="button"
        className="button button--small button--ghost message__version-button"
        aria-label={t("chat.version.next")}
        disabled={disabled || nextId === null}
        onClick={() => nextId && onShow(nextId)}
      >
        ›
      </button>
    </div>
  );
}

export function CopyButton({ text }: { text: string }) {
  const { t } = useI18n();
  const [outcome, setOutcome] = useState<"copied" | "failed">();
  const timer = useRef<number | undefined>(undefined);
  useEffect(() => () => window.clearTimeout(timer.current), []);

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
      setOutcome("copied");
    } catch {
      // No clipboard (an insecure origin, a refused permission): say so rather than pretend.
      setOutcome("failed");
    }
    window.clearTimeout(timer.current);
    timer.current = window.setTimeout(() => setOutcome(undefined), COPIED_FOR_MS);
  };

  return (
    <>
      <button type="button" className="button button--small button--ghost" onClick={() => void copy()}>
        {t("chat.copy")}
      </button>
      <span className="message__copied" role="status">
        {outcome === "copied" ? t("chat.copied") : outcome === "failed" ? t("chat.copyFailed") : ""}
      </span>
    </>
  );
}

export function EditForm({
  initialText,
  maxChars,
  onSave,
  onCancel,
}: {
  initialText: string;
  maxChars: number;
  onSave: (text: string) => void;
  onCancel: () => void;
}) {
  const { t } = useI18n();
  const [text, setText] = useState(initialText);
  const input = useRef<HTMLTextAreaElement>(null);
  const trimmed = text.trim();
  const canSave = trimmed.length > 0 && trimmed.length <= maxChars;
  // Like the composer: Enter saves, Shift+Enter is a new line, and Enter that commits a Vietnamese
  // input method's composition (Telex/VNI) never saves.
  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key !== "Enter" || event.shiftKey || event.nativeEvent.isComposing || event.keyCode === 229) return;
    event.preventDefault();
    if (canSave) onSave(trimmed);
  };

  useEffect(() => {
    const element = input.current;
    if (!element) return;
    element.focus();
    element.setSelectionRange(element.value.length, element.value.length);
  }, []);

  return (
    <form
      className="message__edit"
      onSubmit={(event) => {
        event.preventDefault();
        if (canSave) onSave(trimmed);
      }}
      onKeyDown={(event) => {
        if (event.key === "Escape") {
          event.preventDefault();
          onCancel();
        }
      }}
    >
      <textarea
        ref={input}
        className="message__edit-input"
        aria-label={t("chat.edit.label")}
        aria-invalid={trimmed.length > maxChars || undefined}
        rows={Math.min(8, Math.max(2, text.split("\n").length))}
        value={text}
        onChange={(event) => setText(event.target.value)}
        onKeyDown={onKeyDown}
      />
      {trimmed.length > maxChars ? (
        <p className="composer__notice" role="alert">
          {t("error.message_too_long", { max: maxChars })}
        </p>
      ) : null}
      <div className="message__edit-buttons">
        <button type="button" className="button button--small" onClick={onCancel}>
          {t("chat.edit.cancel")}
        </button>
        <button type="submit" className="button button--small button--primary" disabled={!canSave}>
          {t("chat.edit.save")}
        </button>
      </div>
    </form>
  );
}
