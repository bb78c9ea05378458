import "server-only";
import { env } from "@/lib/env";

// Cookies are Secure in production unless the operator declared a plain-http public URL
// (AUTH_URL=http://…, as the loopback end-to-end tests do); HSTS follows the same rule.
export function secureCookies(): boolean {
  const config = env();
  if (config.NODE_ENV !== "production") return false;
  return !config.AUTH_URL || new URL(config.AUTH_URL).protocol === "https:";
}

// The Auth.js session cookie's name for this configuration (the __Secure- prefix when Secure).
export function sessionCookieName(): string {
  return `${secureCookies() ? "__Secure-" : ""}authjs.session-token`;
}
