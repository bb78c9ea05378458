import type { Metadata } from "next";
import { SignInForm } from "@/components/auth/sign-in-form";
import { passwordResetEnabled } from "@/lib/accounts/password-reset";
import { oidcEnabled } from "@/lib/auth";
import { getTranslator } from "@/lib/i18n/server";
import { safeCallbackUrl } from "../callback-url";

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getTranslator();
  return { title: `${t("auth.signIn.title")} · PhoGPT Chat` };
}

// Error codes Auth.js (or our signIn callback) puts in the URL, as `auth.error.*` reason codes.
function urlErrorCode(error: string | string[] | undefined): string | undefined {
  if (typeof error !== "string" || error === "") return undefined;
  if (error === "oidc_account_exists") return error;
  if (error === "CredentialsSignin") return "invalid_credentials";
  return "oidc_failed";
}

export default async function SignInPage({
  searchParams,
}: {
  searchParams: Promise<{ callbackUrl?: string | string[]; error?: string | string[] }>;
}) {
  const { callbackUrl, error } = await searchParams;
  return (
    <SignInForm
      callbackUrl={safeCallbackUrl(callbackUrl)}
      oidcName={oidcEnabled()?.name}
      resetEnabled={passwordResetEnabled()}
      urlError={urlErrorCode(error)}
    />
  );
}
