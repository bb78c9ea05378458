"use client";
import { useEffect, useId, useRef, type FormEvent, type ReactNode } from "react";
import { useI18n } from "@/lib/i18n/client";

// A modal confirmation on the native <dialog>: the browser traps focus inside, Escape closes it,
// and focus returns to the control that opened it.
export function ConfirmDialog({
  title,
  description,
  confirmLabel,
  busy,
  confirmDisabled = false,
  error,
  onConfirm,
  onClose,
  children,
}: {
  title: string;
  description: string;
  confirmLabel: string;
  busy: boolean;
  confirmDisabled?: boolean;
  error: string | null;
  onConfirm: () => void;
  onClose: () => void;
  children?: ReactNode;
}) {
  const { t } = useI18n();
  const dialog = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const descriptionId = useId();

  // Mounted means open.
  useEffect(() => {
    const element = dialog.current;
    if (element && !element.open) element.showModal();
    return () => element?.close();
  }, []);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!busy && !confirmDisabled) onConfirm();
  };

  return (
    <dialog
      ref={dialog}
      className="dialog confirm-dialog"
      aria-labelledby={titleId}
      aria-describedby={descriptionId}
      onClose={onClose}
      onKeyDown={(event) => {
        // The dialog's own Escape: not also the mobile drawer's.
        if (event.key === "Escape") event.stopPropagation();
      }}
    >
      <form className="confirm-dialog__form" onSubmit={submit} noValidate>
        <h2 id={titleId} className="confirm-dialog__title">
          {title}
        </h2>
        <p id={descriptionId}>{description}</p>
        {children}
        {error ? (
          <p className="confirm-dialog__error" role="alert">
            {error}
          </p>
        ) : null}
        <div className="confirm-dialog__actions">
          <button type="button" className="button button--ghost" onClick={() => dialog.current?.close()}>
            {t("sidebar.cancel")}
          </button>
          <button type="submit" className="button button--danger" disabled={busy || confirmDisabled}>
            {busy ? t("sidebar.deleting") : confirmLabel}
          </button>
        </div>
      </form>
    </dialog>
  );
}
