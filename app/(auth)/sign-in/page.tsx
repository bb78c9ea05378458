import type { Metadata } from "next";
import { SignInForm } from "@/components/auth/sign-in-form";
import { getTranslator } from "@/lib/i18n/server";
import { safeCallbackUrl } from "../callback-url";

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getTranslator();
  return { title: `${t("auth.signIn.title")} · PhoGPT Chat` };
}

export default async function SignInPage({
  searchParams,
}: {
  searchParams: Promise<{ callbackUrl?: string | string[] }>;
}) {
  const { callbackUrl } = await searchParams;
  return <SignInForm callbackUrl={safeCallbackUrl(callbackUrl)} />;
}
