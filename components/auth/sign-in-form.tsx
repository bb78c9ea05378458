"use client";
import Link from "next/link";
import { useActionState } from "react";
import { signInAction, signInWithOidcAction } from "@/app/(auth)/actions";
import { useI18n } from "@/lib/i18n/client";
import { FormError } from "./form-error";
import { FormField } from "./form-field";
import { initialAuthFormState } from "./form-state";
import { SubmitButton } from "./submit-button";

interface SignInFormProps {
  callbackUrl: string;
  // The OpenID Provider's button label, when the operator enabled it.
  oidcName?: string;
  resetEnabled: boolean;
  // An error code handed back in the URL (e.g. after an OpenID Connect sign-in was refused).
  urlError?: string;
}

export function SignInForm({ callbackUrl, oidcName, resetEnabled, urlError }: SignInFormProps) {
  const { t } = useI18n();
  const [state, formAction, pending] = useActionState(signInAction, initialAuthFormState);
  const registerHref = callbackUrl === "/" ? "/register" : `/register?callbackUrl=${encodeURIComponent(callbackUrl)}`;
  const shownError = state.error ? state : urlError ? { error: urlError } : {};

  return (
    <section className="card auth-card" aria-labelledby="sign-in-title">
      <h1 id="sign-in-title">{t("auth.signIn.title")}</h1>
      <FormError state={shownError} />
      <form action={formAction} noValidate>
        <input type="hidden" name="callbackUrl" value={callbackUrl} />
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
        <SubmitButton label={t("auth.signIn.submit")} pending={pending} />
      </form>
      {resetEnabled ? (
        <p className="auth-switch">
          <Link href="/forgot-password">{t("auth.signIn.forgot")}</Link>
        </p>
      ) : null}
      {oidcName ? (
        <form action={signInWithOidcAction} className="auth-alternative">
          <p className="auth-switch">{t("auth.signIn.or")}</p>
          <input type="hidden" name="callbackUrl" value={callbackUrl} />
          <button type="submit" className="button button--block">
            {t("auth.signIn.withProvider", { provider: oidcName })}
          </button>
        </form>
      ) : null}
      <p className="auth-switch">
        {t("auth.signIn.noAccount")} <Link href={registerHref}>{t("auth.signIn.toRegister")}</Link>
      </p>
    </section>
  );
}
