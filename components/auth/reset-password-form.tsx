"use client";
import Link from "next/link";
import { useActionState } from "react";
import { resetPasswordAction } from "@/app/(auth)/actions";
import { useI18n } from "@/lib/i18n/client";
import { FormError } from "./form-error";
import { FormField } from "./form-field";
import { authErrorKey, initialAuthFormState } from "./form-state";
import { SubmitButton } from "./submit-button";

export function ResetPasswordForm({ token }: { token: string }) {
  const { t } = useI18n();
  const [state, formAction, pending] = useActionState(resetPasswordAction, initialAuthFormState);
  return (
    <section className="card auth-card" aria-labelledby="reset-title">
      <h1 id="reset-title">{t("reset.title")}</h1>
      {state.done ? (
        <>
          <p role="status">{t("reset.done")}</p>
          <p className="auth-switch">
            <Link href="/sign-in">{t("reset.toSignIn")}</Link>
          </p>
        </>
      ) : (
        <form action={formAction} noValidate>
          <input type="hidden" name="token" value={token} />
          <FormError state={state} />
          <FormField
            name="password"
            type="password"
            label={t("reset.field.password")}
            autoComplete="new-password"
            required
            minLength={8}
            hint={t("auth.field.passwordHint")}
            error={state.fields?.password ? t(authErrorKey(state.fields.password)) : undefined}
          />
          <SubmitButton label={t("reset.submit")} pending={pending} />
        </form>
      )}
    </section>
  );
}
