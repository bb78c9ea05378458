// /s/:shareId: the public, read-only copy of a shared conversation. No account needed; never
// indexed (robots metadata here, X-Robots-Tag and no-store in proxy.ts); a revoked or unknown
// link is not found.
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { cache } from "react";
import { Markdown } from "@/components/chat/markdown";
import { sharedConversation, type SharedMessage } from "@/lib/chat/shares";
import { dateAndTime } from "@/lib/i18n/dates";
import type { MessageKey } from "@/lib/i18n/dictionaries";
import { getTranslator } from "@/lib/i18n/server";
import "./shared.css";

interface SharedPageProps {
  params: Promise<{ shareId: string }>;
}

const robots = { index: false, follow: false } as const;

// One database read per request, shared by the metadata and the page.
const loadShared = cache(sharedConversation);

export async function generateMetadata({ params }: SharedPageProps): Promise<Metadata> {
  const shared = await loadShared((await params).shareId);
  if (!shared) return { title: "PhoGPT Chat", robots };
  const { t } = await getTranslator();
  // Link previews in chat apps show the title and what the page is.
  const description = t("share.page.readOnly");
  return {
    title: `${shared.title} · PhoGPT Chat`,
    description,
    robots,
    openGraph: { title: shared.title, description, siteName: "PhoGPT Chat", type: "article" },
  };
}

export default async function SharedPage({ params }: SharedPageProps) {
  const shared = await loadShared((await params).shareId);
  if (!shared) notFound();
  const { t, locale } = await getTranslator();
  const sharedOn = t("share.page.sharedOn", dateAndTime(shared.createdAt, locale));
  return (
    <div className="shared-page">
      <header className="shared-page__header">
        <span className="shared-page__brand">{t("app.name")}</span>
        <Link className="button button--small button--primary" href="/">
          {t("share.page.toApp")}
        </Link>
      </header>
      <main id="main" tabIndex={-1} className="shared-page__main">
        <h1 className="shared-page__title">{shared.title}</h1>
        <p className="shared-page__meta">
          <time dateTime={shared.createdAt.toISOString()}>{sharedOn}</time>
          <br />
          {t("share.page.readOnly")}
        </p>
        <section className="shared-page__messages" aria-label={t("share.page.messages")}>
          {shared.messages.map((message, index) => {
            const note = noteKey(message);
            return (
              <SharedMessageItem
                key={index}
                message={message}
                author={t(message.role === "user" ? "chat.role.user" : "chat.role.assistant")}
                note={note ? t(note) : undefined}
              />
            );
          })}
        </section>
      </main>
    </div>
  );
}

function SharedMessageItem({ message, author, note }: { message: SharedMessage; author: string; note?: string }) {
  return (
    <article className={`message message--${message.role}`} aria-label={author}>
      <p className="message__author" aria-hidden="true">
        {author}
      </p>
      <div className="message__body">
        {message.role === "user" ? (
          <p className="message__text">{message.content}</p>
        ) : (
          <Markdown text={message.content} />
        )}
      </div>
      {note ? (
        <div className="message__note">
          <p>{note}</p>
        </div>
      ) : null}
    </article>
  );
}

function noteKey(message: SharedMessage): MessageKey | undefined {
  if (message.role !== "assistant") return undefined;
  if (message.status === "stopped") return "chat.status.stopped";
  if (message.status === "interrupted") return "chat.status.interrupted";
  if (message.finishReason === "length") return "chat.status.truncated";
  return undefined;
}
