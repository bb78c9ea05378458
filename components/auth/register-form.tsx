"use client";
import Link from "next/link";
import { useActionState } from "react";
import { registerAction } from "@/app/(auth)/actions";
import { useI18n } from "@/lib/i18n/client";
import { FormError } from "./form-error";
import { FormField } from "./form-field";
import { authErrorKey, initialAuthFormState } from "./form-state";
import { SubmitButton } from "./submit-button";

export function RegisterForm({ callbackUrl }: { callbackUrl: string }) {
  const { t } = useI18n();
  const [state, formAction, pending] = useActionState(registerAction, initialAuthFormState);
  const fieldError = (code: string | undefined) => (code ? t(authErrorKey(code)) : undefined);
  const signInHref = callbackUrl === "/" ? "/sign-in" : `/sign-in?callbackUrl=${encodeURIComponent(callbackUrl)}`;

  return (
    <section className="card auth-card" aria-labelledby="register-title">
      <h1 id="register-title">{t("auth.register.title")}</h1>
      <form action={formAction} noValidate>
        <input type="hidden" name="callbackUrl" value={callbackUrl} />
        <FormError state={state} />
        <FormField
          name="name"
          label={t("auth.field.name")}
          autoComplete="name"
          required
          maxLength={80}
          defaultValue={state.values?.name}
          error={fieldError(state.fields?.name)}
        />
        <FormField
          name="email"
          type="email"
          label={t("auth.field.email")}
          autoComplete="email"
          required
          defaultValue={state.values?.email}
          error={fieldError(state.fields?.email)}
        />
        <FormField
          name="password"
          type="password"
          label={t("auth.field.password")}
          autoComplete="new-password"
          required
          minLength={8}
          hint={t("auth.field.passwordHint")}
          error={fieldError(state.fields?.password)}
        />
        <SubmitButton label={t("auth.register.submit")} pending={pending} />
      </form>
      <p className="auth-switch">
        {t("auth.register.haveAccount")} <Link href={signInHref}>{t("auth.register.toSignIn")}</Link>
      </p>
    </section>
  );
}
