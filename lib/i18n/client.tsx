"use client";
import { createContext, useCallback, useContext, type ReactNode } from "react";
import { translate, type Dictionary, type Locale, type MessageKey } from "./dictionaries";

interface I18nValue {
  locale: Locale;
  dictionary: Dictionary;
}

const I18nContext = createContext<I18nValue | null>(null);

export function I18nProvider({ locale, dictionary, children }: I18nValue & { children: ReactNode }) {
  return <I18nContext.Provider value={{ locale, dictionary }}>{children}</I18nContext.Provider>;
}

export function useI18n() {
  const value = useContext(I18nContext);
  if (!value) throw new Error("useI18n must be used inside <I18nProvider>");
  const { dictionary, locale } = value;
  const t = useCallback(
    (key: MessageKey, values?: Record<string, string | number>) => translate(dictionary, key, values),
    [dictionary],
  );
  return { locale, t };
}
