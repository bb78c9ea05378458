"use client";
import Link from "next/link";
import { memo } from "react";
import { useI18n } from "@/lib/i18n/client";
import { RenameForm, type RenameResult } from "./rename-form";
import type { ThreadItem } from "./thread-pages";
import { StrokeIcon } from "@/components/stroke-icon";

export interface ThreadRowActions {
  startRename: (id: string) => void;
  cancelRename: () => void;
  rename: (id: string, title: string) => Promise<RenameResult>;
  askDelete: (thread: ThreadItem) => void;
  navigated: () => void;
}

// One thread of the sidebar. Memoised: with thousands listed, a change re-renders only the rows it
// touches (the actions object is stable). Its buttons are always in the page (no hover-only
// controls): hover and focus reveal them with a pointer, touch screens always show them.
export const ThreadRow = memo(function ThreadRow({
  thread,
  active,
  editing,
  actions,
}: {
  thread: ThreadItem;
  active: boolean;
  editing: boolean;
  actions: ThreadRowActions;
}) {
  const { t } = useI18n();
  if (editing) {
    return (
      <li className="thread-row thread-row--editing">
        <RenameForm
          title={thread.title}
          onSave={(title) => actions.rename(thread.id, title)}
          onCancel={actions.cancelRename}
        />
      </li>
    );
  }
  return (
    <li className={`thread-row${active ? " thread-row--active" : ""}`}>
      <Link
        href={`/c/${thread.id}`}
        className={`thread-link${active ? " thread-link--active" : ""}`}
        aria-current={active ? "page" : undefined}
        title={thread.title}
        // Prefetching every thread that scrolls into view would render thousands of pages on the server.
        prefetch={false}
        onClick={actions.navigated}
      >
        {thread.title}
      </Link>
      <span className="thread-row__actions">
        <button
          type="button"
          className="icon-button"
          aria-label={t("sidebar.rename", { title: thread.title })}
          onClick={() => actions.startRename(thread.id)}
        >
          <StrokeIcon path="M4 20h4L19 9l-4-4L4 16v4zM14 6l4 4" />
        </button>
        <button
          type="button"
          className="icon-button icon-button--danger"
          aria-label={t("sidebar.delete", { title: thread.title })}
          aria-haspopup="dialog"
          onClick={() => actions.askDelete(thread)}
        >
          <StrokeIcon path="M5 7h14M10 7V4h4v3M7 7l1 13h8l1-13" />
        </button>
      </span>
    </li>
  );
});
