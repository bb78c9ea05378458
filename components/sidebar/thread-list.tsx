"use client";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { useEffect, useState } from "react";
import { useI18n } from "@/lib/i18n/client";
import { THREADS_CHANGED_EVENT } from "./threads-events";

export interface ThreadLink {
  id: string;
  title: string;
}

export function ThreadList({ initialThreads }: { initialThreads: ThreadLink[] }) {
  const { t } = useI18n();
  const pathname = usePathname();
  // A refetched list holds until the server renders a newer initial one (e.g. after router.refresh()).
  const [fetched, setFetched] = useState<{ basis: ThreadLink[]; threads: ThreadLink[] }>();
  const [loadFailed, setLoadFailed] = useState(false);
  const threads = fetched?.basis === initialThreads ? fetched.threads : initialThreads;

  useEffect(() => {
    let latest = 0;
    let disposed = false;
    const refresh = async () => {
      const request = ++latest;
      try {
        const response = await fetch("/api/threads", { cache: "no-store" });
        if (!response.ok) throw new Error(`GET /api/threads answered ${response.status}`);
        const body = (await response.json()) as { threads: ThreadLink[] };
        // Responses can arrive out of order; only the newest request wins.
        if (disposed || request !== latest) return;
        setFetched({ basis: initialThreads, threads: body.threads.map(({ id, title }) => ({ id, title })) });
        setLoadFailed(false);
      } catch {
        if (!disposed && request === latest) setLoadFailed(true);
      }
    };
    const onChanged = () => void refresh();
    window.addEventListener(THREADS_CHANGED_EVENT, onChanged);
    return () => {
      disposed = true;
      window.removeEventListener(THREADS_CHANGED_EVENT, onChanged);
    };
  }, [initialThreads]);

  return (
    <div className="thread-list">
      <h2 className="thread-list__heading">{t("sidebar.recent")}</h2>
      {loadFailed ? (
        <p className="thread-list__message" role="alert">
          {t("sidebar.loadError")}
        </p>
      ) : null}
      {threads.length === 0 ? (
        <p className="thread-list__message">{t("sidebar.empty")}</p>
      ) : (
        <ul>
          {threads.map((thread) => {
            const active = pathname === `/c/${thread.id}`;
            return (
              <li key={thread.id}>
                <Link
                  href={`/c/${thread.id}`}
                  className={`thread-link${active ? " thread-link--active" : ""}`}
                  aria-current={active ? "page" : undefined}
                  title={thread.title}
                >
                  {thread.title}
                </Link>
              </li>
            );
          })}
        </ul>
      )}
    </div>
  );
}
