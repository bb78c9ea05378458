"use client";
import Link from "next/link";
import { signOutAction } from "@/app/(chat)/actions";
import { LanguageSwitch } from "@/components/language-switch";
import { ModelStatusIndicator } from "@/components/model-status";
import { useI18n } from "@/lib/i18n/client";
import { SIDEBAR_ID } from "./app-shell";
import { ThreadList, type ThreadLink } from "./thread-list";

export function Sidebar({ userName, threads }: { userName: string; threads: ThreadLink[] }) {
  const { t } = useI18n();
  return (
    <nav id={SIDEBAR_ID} className="sidebar" aria-label={t("sidebar.label")}>
      <div className="sidebar__top">
        <p className="brand">
          <span className="brand__mark" aria-hidden="true">
            P
          </span>
          {t("app.name")}
        </p>
        <Link href="/" className="button button--primary button--block new-chat">
          <svg aria-hidden="true" viewBox="0 0 24 24" width="18" height="18">
            <path d="M12 5v14M5 12h14" stroke="currentColor" strokeWidth="2" strokeLinecap="round" />
          </svg>
          {t("sidebar.newChat")}
        </Link>
      </div>
      <ThreadList initialThreads={threads} />
      <div className="sidebar__bottom">
        <ModelStatusIndicator />
        <LanguageSwitch />
        <section className="account" aria-label={t("sidebar.userMenu")}>
          <p className="account__name">{t("auth.signedInAs", { name: userName })}</p>
          <Link href="/account" className="button button--ghost">
            {t("account.link")}
          </Link>
          <form action={signOutAction}>
            <button type="submit" className="button button--ghost">
              {t("auth.signOut")}
            </button>
          </form>
        </section>
      </div>
    </nav>
  );
}
