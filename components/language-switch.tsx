"use client";
import { useRouter } from "next/navigation";
import { useId, useTransition } from "react";
import { setLocale } from "@/app/actions";
import { useI18n } from "@/lib/i18n/client";
import { locales, type Locale, type MessageKey } from "@/lib/i18n/dictionaries";

const localeNames: Record<Locale, MessageKey> = { vi: "language.vi", en: "language.en" };

export function LanguageSwitch() {
  const { locale, t } = useI18n();
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const id = useId();

  return (
    <div className="language-switch">
      <label htmlFor={id}>{t("language.label")}</label>
      <select
        id={id}
        value={locale}
        disabled={pending}
        onChange={(event) => {
          const next = event.target.value;
          startTransition(async () => {
            await setLocale(next);
            router.refresh();
          });
        }}
      >
        {locales.map((value) => (
          <option key={value} value={value} lang={value}>
            {t(localeNames[value])}
          </option>
        ))}
      </select>
    </div>
  );
}
