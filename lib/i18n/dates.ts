import type { Locale } from "./dictionaries";

const intlLocale = (locale: Locale) => (locale === "vi" ? "vi-VN" : "en-GB");

// A moment for people, as separate date and time for the dictionary's sentence ("on {date} at
// {time}"); the same on the server and in the browser (so hydration agrees): in UTC, named as such.
export function dateAndTime(moment: Date | string, locale: Locale): { date: string; time: string } {
  const value = typeof moment === "string" ? new Date(moment) : moment;
  const date = new Intl.DateTimeFormat(intlLocale(locale), { dateStyle: "long", timeZone: "UTC" }).format(value);
  const time = new Intl.DateTimeFormat(intlLocale(locale), {
    hour: "2-digit",
    minute: "2-digit",
    timeZone: "UTC",
    timeZoneName: "short",
  }).format(value);
  return { date, time };
}
