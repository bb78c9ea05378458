import type { Metadata, Viewport } from "next";
import type { ReactNode } from "react";
import { I18nProvider } from "@/lib/i18n/client";
import { getTranslator } from "@/lib/i18n/server";
import "./globals.css";

export const metadata: Metadata = {
  title: "PhoGPT Chat",
  description: "Trò chuyện với PhoGPT-4B-Chat",
};

export const viewport: Viewport = {
  width: "device-width",
  initialScale: 1,
  themeColor: [
    { media: "(prefers-color-scheme: light)", color: "#ffffff" },
    { media: "(prefers-color-scheme: dark)", color: "#0f1115" },
  ],
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  const { locale, dictionary, t } = await getTranslator();
  return (
    <html lang={locale}>
      <body>
        <a className="skip-link" href="#main">
          {t("app.skipToContent")}
        </a>
        <I18nProvider locale={locale} dictionary={dictionary}>
          {children}
        </I18nProvider>
      </body>
    </html>
  );
}
