"use client";
import Link from "next/link";
import { signOutAction } from "@/app/(chat)/actions";
import { LanguageSwitch } from "@/components/language-switch";
import { ModelStatusIndicator } from "@/components/model-status";
import { useI18n } from "@/lib/i18n/client";
import { SIDEBAR_ID, useSidebar } from "./app-shell";
import { ThreadList } from "./thread-list";
import type { ThreadPageData } from "./thread-pages";
import { StrokeIcon } from "@/components/stroke-icon";

export function Sidebar({ userName, firstPage }: { userName: string; firstPage: ThreadPageData }) {
  const { t } = useI18n();
  const { close } = useSidebar();
  return (
    <nav id={SIDEBAR_ID} className="sidebar" aria-label={t("sidebar.label")}>
      <div className="sidebar__top">
        <div className="sidebar__brand-row">
          <p className="brand">
            <span className="brand__mark" aria-hidden="true">
              P
            </span>
            {t("app.name")}
          </p>
          {/* Only shown while the sidebar is a drawer (narrow screens). */}
          <button
            type="button"
            className="icon-button sidebar__close"
            aria-label={t("sidebar.close")}
            onClick={close}
            data-drawer-focus
          >
            <StrokeIcon path="M6 6l12 12M18 6L6 18" size={18} />
          </button>
        </div>
        <Link href="/" className="button button--primary button--block new-chat" onClick={close}>
          <StrokeIcon path="M12 5v14M5 12h14" size={18} />
          {t("sidebar.newChat")}
        </Link>
        <Link href="/search" className="button button--ghost button--block sidebar__search" onClick={close}>
          <StrokeIcon path="M17 11a6 6 0 1 1-12 0a6 6 0 1 1 12 0M16 16l4 4" size={18} />
          {t("sidebar.search")}
        </Link>
      </div>
      <ThreadList firstPage={firstPage} />
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
