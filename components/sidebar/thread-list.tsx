"use client";
import { usePathname } from "next/navigation";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { useLeaveForNewChat } from "@/components/chat/use-leave-for-new-chat";
import { useI18n } from "@/lib/i18n/client";
import type { MessageKey } from "@/lib/i18n/dictionaries";
import { useSidebar } from "./app-shell";
import { ConfirmDialog } from "./confirm-dialog";
import { DeleteAllDialog } from "./delete-all-dialog";
import { groupThreads, type ThreadGroupKey } from "./thread-groups";
import type { ThreadItem, ThreadPageData } from "./thread-pages";
import { ThreadRow, type ThreadRowActions } from "./thread-row";
import { useMinute } from "./use-minute";
import { notifyThreadRenamed, useOtherTabsChanges, type ThreadsChange } from "./threads-events";
import { useThreadPages } from "./use-thread-pages";

const groupLabels: Record<ThreadGroupKey, MessageKey> = {
  today: "sidebar.group.today",
  yesterday: "sidebar.group.yesterday",
  previous7Days: "sidebar.group.previous7Days",
  previous30Days: "sidebar.group.previous30Days",
  older: "sidebar.group.older",
};

// Leaves a deleted thread's page for a new chat, also when the thread was deleted in another tab.
// Without an id: any thread's page (delete all).
function useLeaveDeletedThread(): (threadId?: string) => void {
  const pathname = usePathname();
  const leaveForNewChat = useLeaveForNewChat();
  const leaveIfShowing = useCallback(
    (threadId?: string) => {
      if (threadId ? pathname === `/c/${threadId}` : pathname.startsWith("/c/")) leaveForNewChat();
    },
    [pathname, leaveForNewChat],
  );
  useOtherTabsChanges(
    useCallback(
      (change: ThreadsChange) => {
        if (change.type === "removed") leaveIfShowing(change.id);
        else if (change.type === "cleared") leaveIfShowing();
      },
      [leaveIfShowing],
    ),
  );
  return leaveIfShowing;
}

// Focus for `target` once the open dialog has gone: a modal dialog keeps focus out of the page while
// it is there. An effect runs after React has removed it; a timer or an animation frame could run
// before that under load, and the focus was lost.
function useFocusAfterDialog(dialogOpen: boolean, target: HTMLElement | null): () => void {
  const due = useRef(false);
  useEffect(() => {
    if (!due.current || dialogOpen) return;
    due.current = false;
    target?.focus();
  }, [dialogOpen, target]);
  return useCallback(() => {
    due.current = true;
  }, []);
}

// The user's threads grouped by last activity, loaded page by page as the list is scrolled, with
// rename, delete and delete-all.
export function ThreadList({ firstPage }: { firstPage: ThreadPageData }) {
  const { t } = useI18n();
  const pathname = usePathname();
  const { close: closeDrawer } = useSidebar();
  const pages = useThreadPages(firstPage);
  const { threads, hasMore, load, loadMore, renamed, removed, cleared } = pages;
  const now = useMinute();
  const groups = useMemo(() => (now ? groupThreads(threads, now) : [{ key: null, threads }]), [threads, now]);

  const [editingId, setEditingId] = useState<string | null>(null);
  const [deleting, setDeleting] = useState<ThreadItem | null>(null);
  const [deletingAll, setDeletingAll] = useState(false);

  const leaveIfShowing = useLeaveDeletedThread();

  const actions = useMemo<ThreadRowActions>(
    () => ({
      startRename: setEditingId,
      cancelRename: () => setEditingId(null),
      rename: async (id, title) => {
        const response = await fetch(`/api/threads/${id}`, {
          method: "PATCH",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ title }),
        }).catch(() => null);
        if (!response?.ok) return "failed";
        renamed(id, title);
        setEditingId(null);
        notifyThreadRenamed({ threadId: id, title });
        return "saved";
      },
      askDelete: setDeleting,
      navigated: closeDrawer,
    }),
    [renamed, closeDrawer],
  );

  const [scroller, setScroller] = useState<HTMLDivElement | null>(null);
  // Where keyboard focus goes when the row that had it is deleted.
  const [heading, setHeading] = useState<HTMLHeadingElement | null>(null);
  const focusHeadingAfterDialog = useFocusAfterDialog(deleting !== null || deletingAll, heading);
  const [sentinel, setSentinel] = useState<HTMLDivElement | null>(null);
  useInfiniteScroll({ root: scroller, target: sentinel, enabled: hasMore && load === "idle", onReach: loadMore });

  return (
    <div className="thread-list" ref={setScroller}>
      <div className="thread-list__header">
        <h2 className="thread-list__heading" tabIndex={-1} ref={setHeading}>
          {t("sidebar.recent")}
        </h2>
        {threads.length > 0 ? (
          <button
            type="button"
            className="button button--small button--ghost thread-list__delete-all"
            aria-haspopup="dialog"
            onClick={() => setDeletingAll(true)}
          >
            {t("sidebar.deleteAll")}
          </button>
        ) : null}
      </div>
      {threads.length === 0 && !hasMore ? <p className="thread-list__message">{t("sidebar.empty")}</p> : null}
      {groups.map((group) => (
        <section
          key={group.key ?? "all"}
          className="thread-group"
          aria-label={group.key ? t(groupLabels[group.key]) : undefined}
        >
          {group.key ? <h3 className="thread-group__heading">{t(groupLabels[group.key])}</h3> : null}
          <ul>
            {group.threads.map((thread) => (
              <ThreadRow
                key={thread.id}
                thread={thread}
                active={pathname === `/c/${thread.id}`}
                editing={editingId === thread.id}
                actions={actions}
              />
            ))}
          </ul>
        </section>
      ))}
      <div ref={setSentinel} className="thread-list__sentinel" aria-hidden="true" />
      {load === "loading" ? (
        <p className="thread-list__message" role="status">
          {t("sidebar.loadingMore")}
        </p>
      ) : null}
      {load === "failed" ? (
        <div className="thread-list__message" role="alert">
          <p>{t("sidebar.loadMoreError")}</p>
          <button type="button" className="button button--small" onClick={() => void loadMore()}>
            {t("sidebar.retryLoad")}
          </button>
        </div>
      ) : null}
      {deleting ? (
        <DeleteThreadDialog
          thread={deleting}
          onDeleted={() => {
            removed(deleting.id);
            setDeleting(null);
            focusHeadingAfterDialog();
            leaveIfShowing(deleting.id);
          }}
          onClose={() => setDeleting(null)}
        />
      ) : null}
      {deletingAll ? (
        <DeleteAllDialog
          onDeleted={() => {
            cleared();
            setDeletingAll(false);
            focusHeadingAfterDialog();
            leaveIfShowing();
          }}
          onClose={() => setDeletingAll(false)}
        />
      ) : null}
    </div>
  );
}

function DeleteThreadDialog({
  thread,
  onDeleted,
  onClose,
}: {
  thread: ThreadItem;
  onDeleted: () => void;
  onClose: () => void;
}) {
  const { t } = useI18n();
  const [busy, setBusy] = useState(false);
  const [failed, setFailed] = useState(false);
  const confirm = async () => {
    setBusy(true);
    setFailed(false);
    const response = await fetch(`/api/threads/${thread.id}`, { method: "DELETE" }).catch(() => null);
    // Already gone (another tab deleted it) is what the user wanted too.
    if (response?.ok || response?.status === 404) return onDeleted();
    setBusy(false);
    setFailed(true);
  };
  return (
    <ConfirmDialog
      title={t("sidebar.deleteTitle")}
      description={t("sidebar.deleteBody", { title: thread.title })}
      confirmLabel={t("sidebar.deleteConfirm")}
      busy={busy}
      error={failed ? t("sidebar.deleteFailed") : null}
      onConfirm={() => void confirm()}
      onClose={onClose}
    />
  );
}

// Calls onReach when the sentinel at the end of the list scrolls into view (or already is).
function useInfiniteScroll({
  root,
  target,
  enabled,
  onReach,
}: {
  root: HTMLElement | null;
  target: HTMLElement | null;
  enabled: boolean;
  onReach: () => void;
}) {
  useEffect(() => {
    if (!enabled || !target) return;
    // Observing anew after each page fires at once if the sentinel is still in view.
    const observer = new IntersectionObserver(
      (entries) => {
        if (entries.some((entry) => entry.isIntersecting)) onReach();
      },
      { root, rootMargin: "0px 0px 400px 0px" },
    );
    observer.observe(target);
    return () => observer.disconnect();
  }, [root, target, enabled, onReach]);
}
