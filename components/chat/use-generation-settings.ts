"use client";
import { useCallback, useEffect, useState } from "react";
import {
  GENERATION_SETTING_NAMES,
  inRange,
  type GenerationOverrides,
  type GenerationSettingName,
  type SettingsView,
} from "@/lib/phogpt/generation-settings";

export type SettingsScope = "thread" | "user";
export type SettingsState = "loading" | "ready" | "saving" | "saved" | "reset" | "loadError" | "saveError";
type FieldValues = Record<GenerationSettingName, string>;
type FieldErrors = Partial<Record<GenerationSettingName, true>>;

const emptyValues = Object.fromEntries(GENERATION_SETTING_NAMES.map((name) => [name, ""])) as FieldValues;

function valuesOf(settings: GenerationOverrides): FieldValues {
  return Object.fromEntries(
    GENERATION_SETTING_NAMES.map((name) => [name, settings[name] === undefined ? "" : String(settings[name])]),
  ) as FieldValues;
}

// Empty = inherited; a decimal comma is accepted, as Vietnamese writes it.
function parseFields(values: FieldValues, view: SettingsView): { overrides: GenerationOverrides; errors: FieldErrors } {
  const overrides: GenerationOverrides = {};
  const errors: FieldErrors = {};
  for (const name of GENERATION_SETTING_NAMES) {
    const raw = values[name].trim().replace(",", ".");
    if (raw === "") continue;
    const value = Number(raw);
    if (inRange(value, view.ranges[name])) overrides[name] = value;
    else errors[name] = true;
  }
  return { overrides, errors };
}

// One level's settings (this thread's or the user's defaults) as the panel edits them: loaded
// when the panel opens, checked here against the server's ranges, and checked again by the server.
export function useGenerationSettings({
  threadId,
  scope,
  open,
}: {
  threadId: string;
  scope: SettingsScope;
  open: boolean;
}) {
  const url = scope === "thread" ? `/api/threads/${threadId}/settings` : "/api/settings";
  const [view, setView] = useState<SettingsView | null>(null);
  const [values, setValues] = useState<FieldValues>(emptyValues);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [state, setState] = useState<SettingsState>("loading");

  const show = useCallback((next: SettingsView) => {
    setView(next);
    setValues(valuesOf(next.settings));
    setErrors({});
  }, []);

  useEffect(() => {
    if (!open) return;
    let current = true;
    const load = async () => {
      try {
        const response = await fetch(url, { cache: "no-store" });
        if (!response.ok) throw new Error(`HTTP ${response.status}`);
        const next = (await response.json()) as SettingsView;
        if (!current) return;
        show(next);
        setState("ready");
      } catch {
        if (current) setState("loadError");
      }
    };
    void load();
    return () => {
      current = false;
      setState("loading");
      setView(null);
    };
  }, [open, url, show]);

  const put = async (overrides: GenerationOverrides, done: SettingsState) => {
    setState("saving");
    try {
      const response = await fetch(url, {
        method: "PUT",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify(overrides),
      });
      if (response.status === 422) {
        const body = (await response.json()) as { error?: { fields?: Record<string, string> } };
        const fields = body.error?.fields ?? {};
        setErrors(Object.fromEntries(Object.keys(fields).map((name) => [name, true])) as FieldErrors);
        setState("ready");
        return;
      }
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      show((await response.json()) as SettingsView);
      setState(done);
    } catch {
      setState("saveError");
    }
  };

  const save = async () => {
    if (!view) return;
    const { overrides, errors: invalid } = parseFields(values, view);
    setErrors(invalid);
    if (Object.keys(invalid).length > 0) return;
    await put(overrides, "saved");
  };

  const setValue = (name: GenerationSettingName, value: string) => {
    setValues((current) => ({ ...current, [name]: value }));
    setErrors((current) => ({ ...current, [name]: undefined }));
    setState((current) => (current === "saved" || current === "reset" ? "ready" : current));
  };

  return { view, values, errors, state, setValue, save, reset: () => put({}, "reset") };
}
