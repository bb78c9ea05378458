"use client";
import { useEffect, useId, useRef, type FormEvent, type KeyboardEvent } from "react";
import { useI18n } from "@/lib/i18n/client";

interface ComposerProps {
  value: string;
  onChange: (value: string) => void;
  onSend: () => void;
  onStop: () => void;
  busy: boolean;
  maxChars: number;
  // A translated problem with the draft or the last send (shown under the box).
  notice?: string;
  // Each new value puts the caret at the end of the box (e.g. after Undo filled it).
  focusSignal?: number;
}

const COUNTER_FROM = 0.8;

export function Composer({ value, onChange, onSend, onStop, busy, maxChars, notice, focusSignal }: ComposerProps) {
  const { t } = useI18n();
  const textarea = useRef<HTMLTextAreaElement>(null);
  const noticeId = useId();
  const counterId = useId();
  const length = value.trim().length;
  const tooLong = length > maxChars;
  const shownNotice = tooLong ? t("error.message_too_long", { max: maxChars }) : notice;
  const showCounter = length >= maxChars * COUNTER_FROM;

  // The box is disabled while PhoGPT replies, which drops focus; give it back afterwards
  // (only when focus was lost, never stealing it from elsewhere).
  const wasBusy = useRef(busy);
  useEffect(() => {
    if (wasBusy.current && !busy && (document.activeElement === document.body || document.activeElement === null)) {
      textarea.current?.focus();
    }
    wasBusy.current = busy;
  }, [busy]);

  useEffect(() => {
    const element = textarea.current;
    if (!focusSignal || !element) return;
    element.focus();
    element.setSelectionRange(element.value.length, element.value.length);
  }, [focusSignal]);

  // Grow with the text, up to the CSS max-height.
  useEffect(() => {
    const element = textarea.current;
    if (!element) return;
    element.style.height = "auto";
    element.style.height = `${element.scrollHeight}px`;
  }, [value]);

  const submit = (event?: FormEvent) => {
    event?.preventDefault();
    if (!busy && !tooLong) onSend();
  };

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    // Vietnamese input methods (Telex/VNI) use Enter to commit a composition: never send then.
    if (event.key !== "Enter" || event.shiftKey || event.nativeEvent.isComposing || event.keyCode === 229) return;
    event.preventDefault();
    submit();
  };

  const describedBy = [shownNotice ? noticeId : null, showCounter ? counterId : null].filter(Boolean).join(" ");

  return (
    <form className="composer" onSubmit={submit}>
      <div className="composer__box">
        <textarea
          ref={textarea}
          className="composer__input"
          aria-label={t("chat.composer.label")}
          aria-invalid={tooLong || undefined}
          aria-describedby={describedBy || undefined}
          placeholder={t("chat.composer.placeholder")}
          rows={1}
          value={value}
          disabled={busy}
          onChange={(event) => onChange(event.target.value)}
          onKeyDown={onKeyDown}
        />
        {busy ? (
          <button type="button" className="button button--stop" onClick={onStop}>
            {t("chat.stop")}
          </button>
        ) : (
          <button type="submit" className="button button--primary">
            {t("chat.send")}
          </button>
        )}
      </div>
      <div className="composer__meta">
        {shownNotice ? (
          <p id={noticeId} className="composer__notice" role="alert">
            {shownNotice}
          </p>
        ) : null}
        {showCounter ? (
          <p id={counterId} className={`composer__counter${tooLong ? " composer__counter--over" : ""}`}>
            {t("chat.composer.counter", { count: length, max: maxChars })}
          </p>
        ) : null}
      </div>
    </form>
  );
}
