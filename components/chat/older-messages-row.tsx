"use client";
import { useI18n } from "@/lib/i18n/client";
import type { OlderMessages } from "./use-older-messages";

// Above the first message shown while older ones are on the server: they load on their own when
// the view nears the top; the button is there for keyboards, the retry for a failed load.
export function OlderMessagesRow({ older }: { older: OlderMessages }) {
  const { t } = useI18n();
  if (older.state === "loading") {
    return (
      <div className="older-messages" role="status">
        <p>{t("chat.older.loading")}</p>
      </div>
    );
  }
  if (older.state === "failed") {
    return (
      <div className="older-messages" role="alert">
        <p>{t("chat.older.failed")}</p>
        <button type="button" className="button button--small" onClick={older.loadOlder}>
          {t("chat.older.retry")}
        </button>
      </div>
    );
  }
  return (
    <div className="older-messages">
      <button type="button" className="button button--small" onClick={older.loadOlder}>
        {t("chat.older.load")}
      </button>
    </div>
  );
}
