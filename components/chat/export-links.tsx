"use client";
import { useI18n } from "@/lib/i18n/client";

// Plain download links: the browser saves the file under the name the server gives.
export function ExportLinks({ threadId }: { threadId: string }) {
  const { t } = useI18n();
  return (
    <nav className="export-links" aria-label={t("export.label")}>
      <a className="button button--small" href={`/api/threads/${threadId}/export?format=md`} download>
        {t("export.markdown")}
      </a>
      <a className="button button--small" href={`/api/threads/${threadId}/export?format=json`} download>
        {t("export.json")}
      </a>
    </nav>
  );
}
