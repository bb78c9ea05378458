import { vi, type MessageKey } from "@/lib/i18n/dictionaries";

export type AuthField = "email" | "name" | "password";

// Reason codes are the suffixes of `auth.error.*` dictionary keys.
export interface AuthFormState {
  error?: string;
  // Seconds to wait, with error "rate_limited" / "register_rate_limited".
  retryAfter?: number;
  fields?: Partial<Record<AuthField, string>>;
  values?: { email?: string; name?: string };
  // A form that succeeded without navigating (e.g. "reset link sent").
  done?: boolean;
}

export const initialAuthFormState: AuthFormState = {};

export function authErrorKey(code: string): MessageKey {
  const key = `auth.error.${code}`;
  return isMessageKey(key) ? key : "auth.error.unknown";
}

function isMessageKey(key: string): key is MessageKey {
  return key in vi;
}
