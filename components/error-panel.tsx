"use client";
import Link from "next/link";
import { useI18n } from "@/lib/i18n/client";

// Shown by the error boundaries: a generic message (details stay in the server log) and a retry.
export function ErrorPanel({ retry }: { retry: () => void }) {
  const { t } = useI18n();
  return (
    <div className="not-found" role="alert">
      <h1>{t("error.unknown")}</h1>
      <p>
        <button type="button" className="button button--primary" onClick={retry}>
          {t("chat.retry")}
        </button>
      </p>
      <Link href="/">{t("chat.notFound.back")}</Link>
    </div>
  );
}
