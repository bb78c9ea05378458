"use client";
import { useId, useState, type FormEvent, type KeyboardEvent } from "react";
import { useI18n } from "@/lib/i18n/client";
import type { MessageKey } from "@/lib/i18n/dictionaries";
import { StrokeIcon } from "@/components/stroke-icon";

// Same limit as the server's (lib/chat/threads.ts TITLE_MAX_CHARS, which is server-only).
const TITLE_MAX_CHARS = 80;

export type RenameResult = "saved" | "failed";

// Inline rename: Enter (or the keyboard's Done) saves, Escape cancels; an empty name is refused
// with a message and editing goes on.
export function RenameForm({
  title,
  onSave,
  onCancel,
}: {
  title: string;
  onSave: (title: string) => Promise<RenameResult>;
  onCancel: () => void;
}) {
  const { t } = useI18n();
  const [value, setValue] = useState(title);
  const [error, setError] = useState<MessageKey | null>(null);
  const [saving, setSaving] = useState(false);
  const errorId = useId();
  const hintId = useId();

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const next = value.trim();
    if (next === "") return setError("sidebar.renameEmpty");
    if (next.length > TITLE_MAX_CHARS) return setError("sidebar.renameTooLong");
    if (next === title) return onCancel();
    setSaving(true);
    const result = await onSave(next);
    // On success the row leaves edit mode and this form unmounts.
    if (result === "failed") {
      setSaving(false);
      setError("sidebar.renameFailed");
    }
  };

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key !== "Escape") return;
    // Escape belongs to the rename, not to the mobile drawer around it.
    event.preventDefault();
    event.stopPropagation();
    onCancel();
  };

  return (
    <form className="rename-form" onSubmit={(event) => void submit(event)} noValidate>
      <input
        className="rename-form__input"
        aria-label={t("sidebar.renameLabel")}
        aria-invalid={error !== null}
        aria-describedby={error ? `${errorId} ${hintId}` : hintId}
        value={value}
        maxLength={TITLE_MAX_CHARS * 2}
        enterKeyHint="done"
        disabled={saving}
        autoFocus
        onFocus={(event) => event.currentTarget.select()}
        onChange={(event) => {
          setValue(event.target.value);
          setError(null);
        }}
        onKeyDown={onKeyDown}
      />
      <button type="submit" className="icon-button" aria-label={t("sidebar.renameSave")} disabled={saving}>
        <StrokeIcon path="M5 12.5l4.5 4.5L19 7.5" />
      </button>
      <button type="button" className="icon-button" aria-label={t("sidebar.renameCancel")} onClick={onCancel}>
        <StrokeIcon path="M6 6l12 12M18 6L6 18" />
      </button>
      <span id={hintId} className="visually-hidden">
        {t("sidebar.renameHint")}
      </span>
      {error ? (
        <p id={errorId} className="rename-form__error" role="alert">
          {t(error, { max: TITLE_MAX_CHARS })}
        </p>
      ) : null}
    </form>
  );
}
