import Link from "next/link";
import { SidebarToggle } from "@/components/sidebar/sidebar-toggle";
import { getTranslator } from "@/lib/i18n/server";

export default async function ThreadNotFound() {
  const { t } = await getTranslator();
  return (
    <div className="chat">
      <header className="chat__header">
        <SidebarToggle />
      </header>
      <div className="not-found">
        <h1>{t("chat.notFound.title")}</h1>
        <p>{t("chat.notFound.body")}</p>
        <Link href="/" className="button button--primary">
          {t("chat.notFound.back")}
        </Link>
      </div>
    </div>
  );
}
