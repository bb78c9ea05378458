import Link from "next/link";
import { getTranslator } from "@/lib/i18n/server";

// An unknown, malformed or revoked share link.
export default async function SharedLinkNotFound() {
  const { t } = await getTranslator();
  return (
    <main id="main" tabIndex={-1} className="centered-page">
      <div className="card">
        <h1>{t("share.notFound.title")}</h1>
        <p>{t("share.notFound.body")}</p>
        <Link href="/">{t("share.page.toApp")}</Link>
      </div>
    </main>
  );
}
