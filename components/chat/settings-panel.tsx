"use client";
import { useId, useRef, useState, type FormEvent } from "react";
import { FormField } from "@/components/auth/form-field";
import { useI18n } from "@/lib/i18n/client";
import type { MessageKey } from "@/lib/i18n/dictionaries";
import { GENERATION_SETTING_NAMES, type GenerationSettingName } from "@/lib/phogpt/generation-settings";
import { useGenerationSettings, type SettingsScope, type SettingsState } from "./use-generation-settings";

const statusKeys: Partial<Record<SettingsState, MessageKey>> = {
  loading: "settings.loading",
  saving: "settings.saving",
  saved: "settings.saved",
  reset: "settings.resetDone",
  loadError: "settings.loadError",
  saveError: "settings.saveError",
};

function hintKey(name: GenerationSettingName): MessageKey {
  if (name === "topP") return "settings.hint.topP";
  if (name === "topK") return "settings.hint.topK";
  return "settings.hint.range";
}

// The generation settings of this conversation or the user's defaults, in a modal dialog opened
// from the chat header. A thread that does not exist yet (a new chat) has only the user's level.
export function SettingsPanel({ threadId, threadExists }: { threadId: string; threadExists: boolean }) {
  const { t } = useI18n();
  const dialog = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const [open, setOpen] = useState(false);
  const [chosenScope, setScope] = useState<SettingsScope>("thread");
  const scope: SettingsScope = threadExists ? chosenScope : "user";
  const settings = useGenerationSettings({ threadId, scope, open });
  const { view, state } = settings;
  const statusKey = statusKeys[state];

  const show = () => {
    setOpen(true);
    dialog.current?.showModal();
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void settings.save();
  };

  return (
    <>
      <button type="button" className="button button--small button--ghost" aria-haspopup="dialog" onClick={show}>
        {t("settings.open")}
      </button>
      <dialog ref={dialog} className="dialog settings-dialog" aria-labelledby={titleId} onClose={() => setOpen(false)}>
        <form className="settings" onSubmit={submit} noValidate>
          <h2 id={titleId} className="settings__title">
            {t("settings.title")}
          </h2>
          <fieldset className="settings__scope">
            <legend>{t("settings.scope.label")}</legend>
            {(["thread", "user"] as const).map((option) => (
              <label key={option}>
                <input
                  type="radio"
                  name="scope"
                  value={option}
                  checked={scope === option}
                  disabled={option === "thread" && !threadExists}
                  onChange={() => setScope(option)}
                />
                {t(option === "thread" ? "settings.scope.thread" : "settings.scope.user")}
              </label>
            ))}
          </fieldset>
          <p className="settings__hint">
            {t(scope === "thread" ? "settings.scope.threadHint" : "settings.scope.userHint")}
          </p>
          {view
            ? GENERATION_SETTING_NAMES.map((name) => {
                const range = view.ranges[name];
                const values = { min: range.min, max: range.max, inherited: view.inherited[name] };
                return (
                  <FormField
                    key={name}
                    name={name}
                    label={t(`settings.field.${name}`)}
                    hint={t(hintKey(name), values)}
                    error={settings.errors[name] ? t(`settings.error.${name}`, values) : undefined}
                    value={settings.values[name]}
                    placeholder={String(view.inherited[name])}
                    inputMode={range.integer ? "numeric" : "decimal"}
                    autoComplete="off"
                    onChange={(event) => settings.setValue(name, event.target.value)}
                  />
                );
              })
            : null}
          <p className="settings__status" role="status">
            {statusKey ? t(statusKey) : ""}
          </p>
          <div className="settings__actions">
            <button type="submit" className="button button--primary" disabled={!view || state === "saving"}>
              {t("settings.save")}
            </button>
            <button
              type="button"
              className="button"
              disabled={!view || state === "saving"}
              onClick={() => void settings.reset()}
            >
              {t("settings.reset")}
            </button>
            <button type="button" className="button button--ghost" onClick={() => dialog.current?.close()}>
              {t("settings.close")}
            </button>
          </div>
        </form>
      </dialog>
    </>
  );
}
