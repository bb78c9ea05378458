"use server";
import { cookies } from "next/headers";
import { isLocale } from "@/lib/i18n/dictionaries";
import { LOCALE_COOKIE } from "@/lib/i18n/negotiate";

const ONE_YEAR_SECONDS = 365 * 24 * 60 * 60;

// The explicit choice outranks Accept-Language on every later request.
export async function setLocale(value: string): Promise<void> {
  if (!isLocale(value)) return;
  (await cookies()).set(LOCALE_COOKIE, value, { path: "/", maxAge: ONE_YEAR_SECONDS, sameSite: "lax" });
}
