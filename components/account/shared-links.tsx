"use client";
import { useId, useRef, useState } from "react";
import { useI18n } from "@/lib/i18n/client";
import { dateAndTime } from "@/lib/i18n/dates";

export interface SharedLinkItem {
  id: string;
  title: string;
  // ISO 8601.
  createdAt: string;
}

// The account page's list of the user's share links, each with Open and Revoke; revoking asks
// for confirmation in place, then the link stops working at once.
export function SharedLinks({ initial }: { initial: SharedLinkItem[] }) {
  const { t } = useI18n();
  const [links, setLinks] = useState(initial);
  const [announcement, setAnnouncement] = useState("");
  const heading = useRef<HTMLHeadingElement>(null);
  const revoked = (id: string) => {
    setLinks((current) => current.filter((link) => link.id !== id));
    setAnnouncement(t("share.revoked"));
    // The focused button goes away with its row: keep the keyboard in this section.
    heading.current?.focus();
  };
  const copy = async (id: string) => {
    try {
      await navigator.clipboard.writeText(new URL(`/s/${id}`, window.location.origin).href);
      setAnnouncement(t("share.copied"));
    } catch {
      setAnnouncement(t("share.copyFailed"));
    }
  };
  return (
    <section id="shared-links" className="card account-section" aria-labelledby="shared-links-title">
      <h2 id="shared-links-title" ref={heading} tabIndex={-1}>
        {t("share.list.title")}
      </h2>
      <p>{t("share.list.intro")}</p>
      {links.length === 0 ? (
        <p>{t("share.list.empty")}</p>
      ) : (
        <ul className="shared-links">
          {links.map((link) => (
            <SharedLinkRow
              key={link.id}
              link={link}
              onCopy={() => void copy(link.id)}
              onRevoked={() => revoked(link.id)}
            />
          ))}
        </ul>
      )}
      <p role="status">{announcement}</p>
    </section>
  );
}

interface SharedLinkRowProps {
  link: SharedLinkItem;
  onCopy: () => void;
  onRevoked: () => void;
}

function SharedLinkRow({ link, onCopy, onRevoked }: SharedLinkRowProps) {
  const { t, locale } = useI18n();
  const titleId = useId();
  const [confirming, setConfirming] = useState(false);
  const [pending, setPending] = useState(false);
  const [failed, setFailed] = useState(false);

  const revoke = async () => {
    setPending(true);
    setFailed(false);
    try {
      const response = await fetch(`/api/shares/${link.id}`, { method: "DELETE" });
      // 404: already revoked elsewhere, which is what was asked for.
      if (response.ok || response.status === 404) {
        onRevoked();
        return;
      }
      setFailed(true);
    } catch {
      setFailed(true);
    } finally {
      setPending(false);
    }
  };

  return (
    <li className="shared-links__item" aria-labelledby={titleId}>
      <p id={titleId} className="shared-links__title">
        {link.title}
      </p>
      <p className="shared-links__date">
        <time dateTime={link.createdAt} suppressHydrationWarning>
          {t("share.list.sharedAt", dateAndTime(link.createdAt, locale))}
        </time>
      </p>
      {confirming ? (
        <div className="shared-links__confirm" role="group" aria-labelledby={titleId}>
          <p>{t("share.list.confirm")}</p>
          <button type="button" className="button button--small button--danger" disabled={pending} onClick={revoke}>
            {t("share.list.confirmRevoke")}
          </button>
          <button type="button" className="button button--small" onClick={() => setConfirming(false)}>
            {t("share.list.cancel")}
          </button>
        </div>
      ) : (
        <div className="shared-links__actions">
          <a className="button button--small" href={`/s/${link.id}`} target="_blank" rel="noopener noreferrer">
            {t("share.list.open")}
          </a>
          <button type="button" className="button button--small" onClick={onCopy}>
            {t("share.copy")}
          </button>
          <button type="button" className="button button--small" onClick={() => setConfirming(true)}>
            {t("share.list.revoke")}
          </button>
        </div>
      )}
      {failed ? (
        <p className="form-error" role="alert">
          {t("share.error.revokeFailed")}
        </p>
      ) : null}
    </li>
  );
}
