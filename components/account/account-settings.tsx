"use client";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { FormField } from "@/components/auth/form-field";
import { authErrorKey } from "@/components/auth/form-state";
import { SidebarToggle } from "@/components/sidebar/sidebar-toggle";
import { useI18n } from "@/lib/i18n/client";
import { waitText } from "@/lib/rate-limit/wait";
import { SharedLinks, type SharedLinkItem } from "./shared-links";
import { useAccountRequest, type RequestState } from "./use-account-request";

interface AccountSettingsProps {
  email: string;
  name: string;
  hasPassword: boolean;
  sharedLinks: SharedLinkItem[];
}

function formValue(event: FormEvent<HTMLFormElement>, name: string): string {
  const value = new FormData(event.currentTarget).get(name);
  return typeof value === "string" ? value : "";
}

function useErrorText() {
  const { t } = useI18n();
  return {
    field: (state: RequestState, name: string) =>
      state.fields?.[name] ? t(authErrorKey(state.fields[name] ?? "")) : undefined,
    form: (state: RequestState) => {
      if (!state.error || state.error === "validation") return null;
      const key = state.error === "rate_limited" ? "auth.error.rate_limited" : "auth.error.unknown";
      return (
        <p className="form-error" role="alert">
          {t(key, { time: waitText(state.retryAfter ?? 60, t) })}
        </p>
      );
    },
  };
}

function ProfileForm({ name }: { name: string }) {
  const { t } = useI18n();
  const router = useRouter();
  const errors = useErrorText();
  const { state, send } = useAccountRequest("PATCH", "/api/account");
  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (await send({ name: formValue(event, "name") })) router.refresh();
  }
  return (
    <section className="card account-section" aria-labelledby="profile-title">
      <h2 id="profile-title">{t("account.profile.title")}</h2>
      <form onSubmit={onSubmit} noValidate>
        {errors.form(state)}
        <FormField
          name="name"
          label={t("auth.field.name")}
          autoComplete="name"
          required
          maxLength={80}
          defaultValue={name}
          error={errors.field(state, "name")}
        />
        <button type="submit" className="button button--primary" disabled={state.pending}>
          {t("account.profile.save")}
        </button>
        <p role="status">{state.pending ? t("account.saving") : state.done ? t("account.profile.saved") : ""}</p>
      </form>
    </section>
  );
}

function PasswordForm() {
  const { t } = useI18n();
  const errors = useErrorText();
  const { state, send } = useAccountRequest("POST", "/api/account/password");
  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const ok = await send({
      currentPassword: formValue(event, "currentPassword"),
      newPassword: formValue(event, "newPassword"),
    });
    if (ok) form.reset();
  }
  return (
    <section className="card account-section" aria-labelledby="password-title">
      <h2 id="password-title">{t("account.password.title")}</h2>
      <p>{t("account.password.note")}</p>
      <form onSubmit={onSubmit} noValidate>
        {errors.form(state)}
        <FormField
          name="currentPassword"
          type="password"
          label={t("account.password.current")}
          autoComplete="current-password"
          required
          error={errors.field(state, "currentPassword")}
        />
        <FormField
          name="newPassword"
          type="password"
          label={t("account.password.new")}
          autoComplete="new-password"
          required
          minLength={8}
          hint={t("auth.field.passwordHint")}
          error={errors.field(state, "newPassword")}
        />
        <button type="submit" className="button button--primary" disabled={state.pending}>
          {t("account.password.submit")}
        </button>
        <p role="status">{state.pending ? t("account.saving") : state.done ? t("account.password.done") : ""}</p>
      </form>
    </section>
  );
}

function DeleteForm({ hasPassword }: { hasPassword: boolean }) {
  const { t } = useI18n();
  const router = useRouter();
  const errors = useErrorText();
  const [confirming, setConfirming] = useState(false);
  const { state, send } = useAccountRequest("DELETE", "/api/account");
  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const body = hasPassword
      ? { password: formValue(event, "password") }
      : { confirmation: formValue(event, "confirmation") };
    if (await send(body)) {
      router.replace("/sign-in");
      router.refresh();
    }
  }
  return (
    <section className="card account-section account-section--danger" aria-labelledby="delete-title">
      <h2 id="delete-title">{t("account.delete.title")}</h2>
      <p id="delete-warning">{t("account.delete.warning")}</p>
      <form onSubmit={onSubmit} noValidate aria-describedby="delete-warning">
        {errors.form(state)}
        {hasPassword ? (
          <FormField
            name="password"
            type="password"
            label={t("account.delete.password")}
            autoComplete="current-password"
            required
            onChange={() => setConfirming(true)}
            error={errors.field(state, "currentPassword")}
          />
        ) : (
          <FormField
            name="confirmation"
            label={t("account.delete.confirmation")}
            autoComplete="off"
            required
            onChange={() => setConfirming(true)}
            error={errors.field(state, "confirmation")}
          />
        )}
        <button type="submit" className="button button--danger" disabled={state.pending || !confirming}>
          {t("account.delete.submit")}
        </button>
      </form>
    </section>
  );
}

export function AccountSettings({ email, name, hasPassword, sharedLinks }: AccountSettingsProps) {
  const { t } = useI18n();
  return (
    <div className="account-page">
      <div className="account-page__header">
        <SidebarToggle />
        <h1>{t("account.title")}</h1>
      </div>
      <p>{t("account.email", { email })}</p>
      <ProfileForm name={name} />
      {hasPassword ? (
        <PasswordForm />
      ) : (
        <section className="card account-section" aria-labelledby="password-title">
          <h2 id="password-title">{t("account.password.title")}</h2>
          <p>{t("account.password.none")}</p>
        </section>
      )}
      <SharedLinks initial={sharedLinks} />
      <DeleteForm hasPassword={hasPassword} />
    </div>
  );
}
