"use client";
import { useId, useState } from "react";
import { isDeleteConfirmation } from "@/lib/accounts/confirmation-words";
import { useI18n } from "@/lib/i18n/client";
import { ConfirmDialog } from "./confirm-dialog";

// The stronger confirmation for deleting every conversation: the user types the word first.
export function DeleteAllDialog({ onDeleted, onClose }: { onDeleted: () => void; onClose: () => void }) {
  const { t } = useI18n();
  const inputId = useId();
  const [word, setWord] = useState("");
  const [busy, setBusy] = useState(false);
  const [failed, setFailed] = useState(false);
  const confirmed = isDeleteConfirmation(word);

  const confirm = async () => {
    setBusy(true);
    setFailed(false);
    const response = await fetch("/api/threads", {
      method: "DELETE",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ confirm: "DELETE" }),
    }).catch(() => null);
    if (response?.ok) return onDeleted();
    setBusy(false);
    setFailed(true);
  };

  return (
    <ConfirmDialog
      title={t("sidebar.deleteAllTitle")}
      description={t("sidebar.deleteAllBody")}
      confirmLabel={t("sidebar.deleteAllConfirm")}
      busy={busy}
      confirmDisabled={!confirmed}
      error={failed ? t("sidebar.deleteFailed") : null}
      onConfirm={() => void confirm()}
      onClose={onClose}
    >
      <label className="confirm-dialog__field" htmlFor={inputId}>
        {t("sidebar.deleteAllWord")}
      </label>
      <input
        id={inputId}
        value={word}
        autoComplete="off"
        autoCapitalize="characters"
        spellCheck={false}
        onChange={(event) => setWord(event.target.value)}
      />
    </ConfirmDialog>
  );
}
