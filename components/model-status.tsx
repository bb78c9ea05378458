"use client";
import { useEffect, useState } from "react";
import { useI18n } from "@/lib/i18n/client";

type ModelStatus = { reachable: true; modelId: string; isEmulator: boolean } | { reachable: false };

const POLL_INTERVAL_MS = 15_000;

export function ModelStatusIndicator() {
  const { t } = useI18n();
  const [status, setStatus] = useState<ModelStatus | undefined>(undefined);

  useEffect(() => {
    let cancelled = false;
    const check = async () => {
      try {
        const response = await fetch("/api/model/status", { cache: "no-store" });
        const next = response.ok ? ((await response.json()) as ModelStatus) : { reachable: false as const };
        if (!cancelled) setStatus(next);
      } catch {
        if (!cancelled) setStatus({ reachable: false });
      }
    };
    void check();
    const timer = window.setInterval(() => void check(), POLL_INTERVAL_MS);
    const onFocus = () => void check();
    window.addEventListener("focus", onFocus);
    return () => {
      cancelled = true;
      window.clearInterval(timer);
      window.removeEventListener("focus", onFocus);
    };
  }, []);

  const state = status === undefined ? "checking" : status.reachable ? "online" : "offline";
  return (
    <div className={`model-status model-status--${state}`} role="status" aria-label={t("model.statusLabel")}>
      <span className="model-status__dot" aria-hidden="true" />
      <span className="model-status__text">
        {status === undefined
          ? t("model.checking")
          : status.reachable
            ? t("model.online", { model: status.modelId })
            : t("model.offline")}
      </span>
      {status?.reachable && status.isEmulator ? <span className="badge">{t("model.emulator")}</span> : null}
    </div>
  );
}
