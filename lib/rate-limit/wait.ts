import type { MessageKey } from "@/lib/i18n/dictionaries";

// "42 giây", "15 phút", "2 giờ": the time to wait before a limited action may be tried again.
export function waitText(seconds: number, t: (key: MessageKey, values?: Record<string, string | number>) => string) {
  const whole = Math.max(1, Math.ceil(seconds));
  if (whole < 60) return t("time.seconds", { count: whole });
  if (whole < 3600) return t("time.minutes", { count: Math.ceil(whole / 60) });
  return t("time.hours", { count: Math.ceil(whole / 3600) });
}
