import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { ForgotPasswordForm } from "@/components/auth/forgot-password-form";
import { passwordResetEnabled } from "@/lib/accounts/password-reset";
import { env } from "@/lib/env";
import { getTranslator } from "@/lib/i18n/server";

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getTranslator();
  return { title: `${t("forgot.title")} · PhoGPT Chat` };
}

export default function ForgotPasswordPage() {
  if (!passwordResetEnabled()) notFound();
  return <ForgotPasswordForm minutes={env().PASSWORD_RESET_TTL_MINUTES} />;
}
