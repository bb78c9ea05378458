import { vi, type MessageKey } from "@/lib/i18n/dictionaries";

export type AuthField = "email" | "name" | "password";

// Reason codes are the suffixes of `auth.error.*` dictionary keys.
export interface AuthFormState {
  error?: string;
  fields?: Partial<Record<AuthField, string>>;
  values?: { email?: string; name?: string };
}

export const initialAuthFormState: AuthFormState = {};

export function authErrorKey(code: string): MessageKey {
  const key = `auth.error.${code}`;
  return isMessageKey(key) ? key : "auth.error.unknown";
}

function isMessageKey(key: string): key is MessageKey {
  return key in vi;
}
