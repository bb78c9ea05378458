import type { Metadata } from "next";
import { RegisterForm } from "@/components/auth/register-form";
import { getTranslator } from "@/lib/i18n/server";
import { safeCallbackUrl } from "../callback-url";

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getTranslator();
  return { title: `${t("auth.register.title")} · PhoGPT Chat` };
}

export default async function RegisterPage({
  searchParams,
}: {
  searchParams: Promise<{ callbackUrl?: string | string[] }>;
}) {
  const { callbackUrl } = await searchParams;
  return <RegisterForm callbackUrl={safeCallbackUrl(callbackUrl)} />;
}
