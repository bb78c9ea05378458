"use server";
import { AuthError, CredentialsSignin } from "next-auth";
import { headers } from "next/headers";
import { passwordResetEnabled, requestPasswordReset, resetPassword } from "@/lib/accounts/password-reset";
import { passwordResetRequestSchema, passwordResetSchema, registrationSchema } from "@/lib/accounts/schemas";
import { registerUser } from "@/lib/accounts/users";
import { OIDC_PROVIDER_ID, oidcEnabled, signIn, SignInRateLimited } from "@/lib/auth";
import { env } from "@/lib/env";
import { isAppError } from "@/lib/errors";
import { getTranslator } from "@/lib/i18n/server";
import { logger } from "@/lib/logger";
import { assertPasswordResetAllowed, assertRegistrationAllowed, RateLimitError } from "@/lib/rate-limit/limits";
import { clientIp } from "@/lib/security/client-ip";
import { withRequestLogContext } from "@/lib/security/request-context";
import type { AuthField, AuthFormState } from "@/components/auth/form-state";
import { safeCallbackUrl } from "./callback-url";

function text(formData: FormData, name: string): string {
  const value = formData.get(name);
  return typeof value === "string" ? value : "";
}

async function requestIp(): Promise<string> {
  return clientIp(await headers(), env().TRUST_PROXY);
}

// Returns only on failure: success ends in signIn's redirect, which must propagate.
async function signInOrError(email: string, password: string, redirectTo: string): Promise<AuthFormState> {
  try {
    await signIn("credentials", { email, password, redirectTo });
  } catch (error) {
    if (error instanceof SignInRateLimited) return { error: "rate_limited", retryAfter: error.retryAfterSeconds };
    if (error instanceof CredentialsSignin) return { error: "invalid_credentials" };
    if (error instanceof AuthError) return { error: "unknown" };
    throw error;
  }
  return { error: "unknown" };
}

export async function signInAction(previous: AuthFormState, formData: FormData): Promise<AuthFormState> {
  return withRequestLogContext(() => signInActionInner(previous, formData));
}

async function signInActionInner(_previous: AuthFormState, formData: FormData): Promise<AuthFormState> {
  const email = text(formData, "email");
  const redirectTo = safeCallbackUrl(formData.get("callbackUrl"));
  const result = await signInOrError(email, text(formData, "password"), redirectTo);
  return { ...result, values: { email } };
}

export async function signInWithOidcAction(formData: FormData): Promise<void> {
  if (!oidcEnabled()) return;
  await signIn(OIDC_PROVIDER_ID, { redirectTo: safeCallbackUrl(formData.get("callbackUrl")) });
}

export async function registerAction(previous: AuthFormState, formData: FormData): Promise<AuthFormState> {
  return withRequestLogContext(() => registerActionInner(previous, formData));
}

async function registerActionInner(_previous: AuthFormState, formData: FormData): Promise<AuthFormState> {
  const values = { email: text(formData, "email"), name: text(formData, "name") };
  const parsed = registrationSchema.safeParse({ ...values, password: text(formData, "password") });
  if (!parsed.success) {
    const fields: AuthFormState["fields"] = {};
    for (const issue of parsed.error.issues) {
      const field = issue.path[0];
      if (field === "email" || field === "name" || field === "password") fields[field] ??= issue.message;
    }
    return { fields, values };
  }
  try {
    await assertRegistrationAllowed(await requestIp());
    await registerUser(parsed.data);
  } catch (error) {
    if (error instanceof RateLimitError) {
      return { error: "register_rate_limited", retryAfter: error.retryAfterSeconds, values };
    }
    if (isAppError(error) && error.fields) return { fields: pickAuthFields(error.fields), values };
    logger.error("registration failed", { error });
    return { error: "unknown", values };
  }
  const redirectTo = safeCallbackUrl(formData.get("callbackUrl"));
  const result = await signInOrError(parsed.data.email, parsed.data.password, redirectTo);
  return { ...result, values };
}

// Same answer for every well-formed address, whether or not it has an account.
export async function forgotPasswordAction(previous: AuthFormState, formData: FormData): Promise<AuthFormState> {
  return withRequestLogContext(() => forgotPasswordActionInner(previous, formData));
}

async function forgotPasswordActionInner(_previous: AuthFormState, formData: FormData): Promise<AuthFormState> {
  const values = { email: text(formData, "email") };
  if (!passwordResetEnabled()) return { error: "unknown", values };
  const parsed = passwordResetRequestSchema.safeParse(values);
  if (!parsed.success) return { fields: { email: "email_invalid" }, values };
  try {
    await assertPasswordResetAllowed(await requestIp(), parsed.data.email);
    const { t } = await getTranslator();
    const base =
      env().AUTH_URL ?? `${(await headers()).get("x-forwarded-proto") ?? "http"}://${(await headers()).get("host")}`;
    await requestPasswordReset({
      email: parsed.data.email,
      origin: new URL(base).origin,
      mail: { subject: t("reset.mail.subject"), body: (link, minutes) => t("reset.mail.body", { link, minutes }) },
    });
  } catch (error) {
    if (error instanceof RateLimitError) return { error: "rate_limited", retryAfter: error.retryAfterSeconds, values };
    logger.error("password reset request failed", { error });
    return { error: "unknown", values };
  }
  return { done: true, values };
}

export async function resetPasswordAction(previous: AuthFormState, formData: FormData): Promise<AuthFormState> {
  return withRequestLogContext(() => resetPasswordActionInner(previous, formData));
}

async function resetPasswordActionInner(_previous: AuthFormState, formData: FormData): Promise<AuthFormState> {
  const parsed = passwordResetSchema.safeParse({
    token: text(formData, "token"),
    password: text(formData, "password"),
  });
  if (!parsed.success) {
    const tokenBad = parsed.error.issues.some((issue) => issue.path[0] === "token");
    if (tokenBad) return { error: "reset_invalid" };
    return { fields: { password: parsed.error.issues[0]?.message ?? "password_too_short" } };
  }
  try {
    await resetPassword(parsed.data);
  } catch (error) {
    if (isAppError(error) && error.fields?.token) return { error: "reset_invalid" };
    logger.error("password reset failed", { error });
    return { error: "unknown" };
  }
  return { done: true };
}

function pickAuthFields(fields: Record<string, string>): AuthFormState["fields"] {
  const picked: Partial<Record<AuthField, string>> = {};
  for (const field of ["email", "name", "password"] as const) {
    if (fields[field]) picked[field] = fields[field];
  }
  return picked;
}
