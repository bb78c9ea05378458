"use client";
import Link from "next/link";
import { useEffect, useId, useRef, useState } from "react";
import { useI18n } from "@/lib/i18n/client";
import { dateAndTime } from "@/lib/i18n/dates";
import type { MessageKey } from "@/lib/i18n/dictionaries";
import { waitText } from "@/lib/rate-limit/wait";
import "./share-dialog.css";

interface ShownLink {
  id: string;
  url: string;
  // ISO 8601: when the copy was taken.
  createdAt: string;
}

type ShareState =
  | "idle"
  | "creating"
  | "created"
  | "copied"
  | "copyFailed"
  | "revoking"
  | "revoked"
  | "generating"
  | "createFailed"
  | "rateLimited"
  | "revokeFailed";

const statusKeys: Partial<Record<ShareState, MessageKey>> = {
  creating: "share.creating",
  created: "share.created",
  copied: "share.copied",
  revoking: "share.revoking",
  revoked: "share.revoked",
};
const errorKeys: Partial<Record<ShareState, MessageKey>> = {
  copyFailed: "share.copyFailed",
  generating: "share.error.generating",
  createFailed: "share.error.createFailed",
  rateLimited: "share.error.rateLimited",
  revokeFailed: "share.error.revokeFailed",
};

type CreateFailure = "generating" | "createFailed" | { retryAfterSeconds: number };

async function createLink(threadId: string): Promise<{ link: ShownLink } | CreateFailure> {
  try {
    const response = await fetch(`/api/threads/${threadId}/shares`, { method: "POST" });
    if (response.status === 409) return "generating";
    if (response.status === 429) return { retryAfterSeconds: Number(response.headers.get("retry-after")) || 60 };
    if (!response.ok) return "createFailed";
    return { link: ((await response.json()) as { share: ShownLink }).share };
  } catch {
    return "createFailed";
  }
}

// The thread's newest link, to show again when the dialog opens (undefined when none or unknown).
async function newestLink(threadId: string): Promise<ShownLink | undefined> {
  try {
    const response = await fetch(`/api/threads/${threadId}/shares`);
    if (!response.ok) return undefined;
    return ((await response.json()) as { shares: ShownLink[] }).shares[0];
  } catch {
    return undefined;
  }
}

async function revokeLink(shareId: string): Promise<boolean> {
  try {
    const response = await fetch(`/api/shares/${shareId}`, { method: "DELETE" });
    // Already gone (revoked elsewhere) is what was asked for.
    return response.ok || response.status === 404;
  } catch {
    return false;
  }
}

// The chat header's Share button and its dialog: create a read-only public link to the
// conversation as it is now, copy it, or revoke it. All links are listed on the account page.
export function ShareDialog({ threadId }: { threadId: string }) {
  const { t } = useI18n();
  const dialog = useRef<HTMLDialogElement>(null);
  const createButton = useRef<HTMLButtonElement>(null);
  const titleId = useId();
  const [link, setLink] = useState<ShownLink>();
  const [state, setState] = useState<ShareState>("idle");
  const [waitSeconds, setWaitSeconds] = useState(0);
  const pending = state === "creating" || state === "revoking";
  const statusKey = statusKeys[state];
  const errorKey = errorKeys[state];

  // The focused Revoke button goes away with the link: keep the keyboard in the dialog, on Create
  // (once rendered enabled again).
  useEffect(() => {
    if (state === "revoked") createButton.current?.focus();
  }, [state]);

  // A fresh look each time: old confirmations and errors go; the thread's newest link shows.
  const open = async () => {
    if (!pending) setState("idle");
    dialog.current?.showModal();
    if (link) return;
    const newest = await newestLink(threadId);
    // A link created meanwhile wins over the one loaded.
    setLink((current) => current ?? newest);
  };

  const create = async () => {
    setState("creating");
    const created = await createLink(threadId);
    if (typeof created === "string") {
      setState(created);
    } else if ("retryAfterSeconds" in created) {
      setWaitSeconds(created.retryAfterSeconds);
      setState("rateLimited");
    } else {
      setLink(created.link);
      setState("created");
    }
  };

  const revoke = async () => {
    if (!link) return;
    setState("revoking");
    if (await revokeLink(link.id)) {
      setLink(undefined);
      setState("revoked");
    } else {
      setState("revokeFailed");
    }
  };

  return (
    <>
      <button
        type="button"
        className="button button--small button--ghost"
        aria-haspopup="dialog"
        onClick={() => void open()}
      >
        {t("share.button")}
      </button>
      <dialog ref={dialog} className="dialog settings-dialog" aria-labelledby={titleId}>
        <div className="share">
          <h2 id={titleId} className="share__title">
            {t("share.title")}
          </h2>
          <p className="share__intro">{t("share.intro")}</p>
          {link ? (
            <LinkPanel
              link={link}
              pending={pending}
              onCopied={(copied) => setState(copied ? "copied" : "copyFailed")}
              onRevoke={() => void revoke()}
            />
          ) : null}
          <p className="share__status" role="status">
            {statusKey ? t(statusKey) : ""}
          </p>
          {errorKey ? (
            <p className="share__error" role="alert">
              {t(errorKey, { time: waitText(waitSeconds, t) })}
            </p>
          ) : null}
          <div className="share__actions">
            <button
              ref={createButton}
              type="button"
              className="button button--primary"
              disabled={pending}
              onClick={() => void create()}
            >
              {t(link ? "share.createAnother" : "share.create")}
            </button>
            <button type="button" className="button button--ghost" onClick={() => dialog.current?.close()}>
              {t("share.close")}
            </button>
          </div>
          <p className="share__manage">
            <Link href="/account#shared-links" onClick={() => dialog.current?.close()}>
              {t("share.manage")}
            </Link>
          </p>
        </div>
      </dialog>
    </>
  );
}

interface LinkPanelProps {
  link: ShownLink;
  pending: boolean;
  onCopied: (copied: boolean) => void;
  onRevoke: () => void;
}

// The link in a read-only field with Copy, when its copy was taken, and Revoke.
function LinkPanel({ link, pending, onCopied, onRevoke }: LinkPanelProps) {
  const { t, locale } = useI18n();
  const field = useRef<HTMLInputElement>(null);
  const fieldId = useId();
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(link.url);
      onCopied(true);
    } catch {
      // No clipboard access: leave the link selected for the user to copy.
      field.current?.select();
      onCopied(false);
    }
  };
  return (
    <div className="share__link">
      <label htmlFor={fieldId}>{t("share.url")}</label>
      <div className="share__link-row">
        <input
          ref={field}
          id={fieldId}
          type="url"
          readOnly
          value={link.url}
          onFocus={(event) => event.currentTarget.select()}
        />
        <button type="button" className="button button--small" onClick={() => void copy()}>
          {t("share.copy")}
        </button>
      </div>
      <p className="share__as-of">{t("share.asOf", dateAndTime(link.createdAt, locale))}</p>
      <button
        type="button"
        className="button button--small button--ghost share__revoke"
        disabled={pending}
        onClick={onRevoke}
      >
        {t("share.revoke")}
      </button>
    </div>
  );
}
