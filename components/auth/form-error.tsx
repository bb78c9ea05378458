"use client";
import { useI18n } from "@/lib/i18n/client";
import { waitText } from "@/lib/rate-limit/wait";
import { authErrorKey, type AuthFormState } from "./form-state";

// The form-level error, announced; a limit names the time to wait.
export function FormError({ state }: { state: Pick<AuthFormState, "error" | "retryAfter"> }) {
  const { t } = useI18n();
  if (!state.error) return null;
  return (
    <p className="form-error" role="alert">
      {t(authErrorKey(state.error), { time: waitText(state.retryAfter ?? 60, t) })}
    </p>
  );
}
