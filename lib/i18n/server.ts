import "server-only";
import { cookies, headers } from "next/headers";
import { dictionaries, translate, type Dictionary, type Locale, type MessageKey } from "./dictionaries";
import { LOCALE_COOKIE, negotiateLocale } from "./negotiate";

export async function getLocale(): Promise<Locale> {
  const [cookieStore, headerStore] = await Promise.all([cookies(), headers()]);
  return negotiateLocale(cookieStore.get(LOCALE_COOKIE)?.value, headerStore.get("accept-language"));
}

export async function getTranslator(): Promise<{
  locale: Locale;
  dictionary: Dictionary;
  t: (key: MessageKey, values?: Record<string, string | number>) => string;
}> {
  const locale = await getLocale();
  const dictionary = dictionaries[locale];
  return { locale, dictionary, t: (key, values) => translate(dictionary, key, values) };
}
