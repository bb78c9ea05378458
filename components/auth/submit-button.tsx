"use client";
import { useI18n } from "@/lib/i18n/client";

// A form's primary button, disabled while the form is submitting, with the "working" status announced.
export function SubmitButton({ label, pending }: { label: string; pending: boolean }) {
  const { t } = useI18n();
  return (
    <>
      <button type="submit" className="button button--primary button--block" disabled={pending}>
        {label}
      </button>
      <p role="status" className="form-pending">
        {pending ? t("auth.pending") : ""}
      </p>
    </>
  );
}
