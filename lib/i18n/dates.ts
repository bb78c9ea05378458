import type { Locale } from "./dictionaries";

// A date and time for people, the same on the server and in the browser (so hydration agrees):
// in UTC, named as such, in the reader's language.
export function formatDateTime(date: Date | string, locale: Locale): string {
  return new Intl.DateTimeFormat(locale === "vi" ? "vi-VN" : "en-GB", {
    dateStyle: "long",
    timeStyle: "short",
    timeZone: "UTC",
    timeZoneName: "short",
  }).format(typeof date === "string" ? new Date(date) : date);
}
