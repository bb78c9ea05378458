import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { AccountSettings } from "@/components/account/account-settings";
import { accountDetails } from "@/lib/accounts/account";
import { currentUser } from "@/lib/auth";
import { getTranslator } from "@/lib/i18n/server";
import "./account.css";

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getTranslator();
  return { title: `${t("account.title")} · PhoGPT Chat` };
}

export default async function AccountPage() {
  const user = await currentUser();
  if (!user) redirect("/sign-in?callbackUrl=/account");
  const account = await accountDetails(user.id);
  return <AccountSettings email={account.email} name={account.name} hasPassword={account.hasPassword} />;
}
