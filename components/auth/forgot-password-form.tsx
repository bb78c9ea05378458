"use client";
import Link from "next/link";
import { useActionState } from "react";
import { forgotPasswordAction } from "@/app/(auth)/actions";
import { useI18n } from "@/lib/i18n/client";
import { FormError } from "./form-error";
import { FormField } from "./form-field";
import { authErrorKey, initialAuthFormState } from "./form-state";
import { SubmitButton } from "./submit-button";

export function ForgotPasswordForm({ minutes }: { minutes: number }) {
  const { t } = useI18n();
  const [state, formAction, pending] = useActionState(forgotPasswordAction, initialAuthFormState);
  return (
    <section className="card auth-card" aria-labelledby="forgot-title">
      <h1 id="forgot-title">{t("forgot.title")}</h1>
      {state.done ? (
        <p role="status">{t("forgot.sent", { minutes })}</p>
      ) : (
        <form action={formAction} noValidate>
          <p>{t("forgot.intro")}</p>
          <FormError state={state} />
          <FormField
            name="email"
            type="email"
            label={t("auth.field.email")}
            autoComplete="email"
            required
            defaultValue={state.values?.email}
            error={state.fields?.email ? t(authErrorKey(state.fields.email)) : undefined}
          />
          <SubmitButton label={t("forgot.submit")} pending={pending} />
        </form>
      )}
      <p className="auth-switch">
        <Link href="/sign-in">{t("forgot.back")}</Link>
      </p>
    </section>
  );
}
