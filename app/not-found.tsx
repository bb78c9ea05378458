import Link from "next/link";
import { getTranslator } from "@/lib/i18n/server";

export default async function NotFound() {
  const { t } = await getTranslator();
  return (
    <main id="main" tabIndex={-1} className="centered-page">
      <div className="card">
        <h1>{t("notFound.title")}</h1>
        <p>{t("notFound.body")}</p>
        <Link href="/">{t("chat.notFound.back")}</Link>
      </div>
    </main>
  );
}
