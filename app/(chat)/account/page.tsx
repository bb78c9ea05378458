import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { AccountSettings } from "@/components/account/account-settings";
import { accountDetails } from "@/lib/accounts/account";
import { currentUser } from "@/lib/auth";
import { sharedLinksForUser } from "@/lib/chat/shares";
import { getTranslator } from "@/lib/i18n/server";
import "./account.css";

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getTranslator();
  return { title: `${t("account.title")} · PhoGPT Chat` };
}

export default async function AccountPage() {
  const user = await currentUser();
  if (!user) redirect("/sign-in?callbackUrl=/account");
  const [account, links] = await Promise.all([accountDetails(user.id), sharedLinksForUser({ userId: user.id })]);
  const sharedLinks = links.map(({ id, title, createdAt }) => ({ id, title, createdAt: createdAt.toISOString() }));
  return (
    <AccountSettings
      email={account.email}
      name={account.name}
      hasPassword={account.hasPassword}
      sharedLinks={sharedLinks}
    />
  );
}
