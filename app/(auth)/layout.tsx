import type { ReactNode } from "react";
import { LanguageSwitch } from "@/components/language-switch";
import { getTranslator } from "@/lib/i18n/server";

export default async function AuthLayout({ children }: { children: ReactNode }) {
  const { t } = await getTranslator();
  return (
    <div className="auth-page">
      <header className="auth-header">
        <p className="brand">
          <span className="brand__mark" aria-hidden="true">
            P
          </span>
          {t("app.name")}
        </p>
        <LanguageSwitch />
      </header>
      <main id="main" tabIndex={-1} className="auth-main">
        <p className="auth-tagline">{t("app.tagline")}</p>
        {children}
      </main>
    </div>
  );
}
