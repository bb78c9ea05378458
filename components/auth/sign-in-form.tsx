"use client";
import Link from "next/link";
import { useActionState } from "react";
import { signInAction } from "@/app/(auth)/actions";
import { useI18n } from "@/lib/i18n/client";
import { FormField } from "./form-field";
import { authErrorKey, initialAuthFormState } from "./form-state";

export function SignInForm({ callbackUrl }: { callbackUrl: string }) {
  const { t } = useI18n();
  const [state, formAction, pending] = useActionState(signInAction, initialAuthFormState);
  const registerHref = callbackUrl === "/" ? "/register" : `/register?callbackUrl=${encodeURIComponent(callbackUrl)}`;

  return (
    <section className="card auth-card" aria-labelledby="sign-in-title">
      <h1 id="sign-in-title">{t("auth.signIn.title")}</h1>
      <form action={formAction} noValidate>
        <input type="hidden" name="callbackUrl" value={callbackUrl} />
        {state.error ? (
          <p className="form-error" role="alert">
            {t(authErrorKey(state.error))}
          </p>
        ) : null}
        <FormField
          name="email"
          type="email"
          label={t("auth.field.email")}
          autoComplete="email"
          required
          defaultValue={state.values?.email}
        />
        <FormField
          name="password"
          type="password"
          label={t("auth.field.password")}
          autoComplete="current-password"
          required
        />
        <button type="submit" className="button button--primary button--block" disabled={pending}>
          {t("auth.signIn.submit")}
        </button>
        <p role="status" className="form-pending">
          {pending ? t("auth.pending") : ""}
        </p>
      </form>
      <p className="auth-switch">
        {t("auth.signIn.noAccount")} <Link href={registerHref}>{t("auth.signIn.toRegister")}</Link>
      </p>
    </section>
  );
}
