"use client";
import { useI18n } from "@/lib/i18n/client";
import { SIDEBAR_ID, useSidebar } from "./app-shell";

// Shown only on narrow screens (see .sidebar-toggle in globals.css).
export function SidebarToggle() {
  const { t } = useI18n();
  const { open, toggle } = useSidebar();
  return (
    <button
      type="button"
      className="sidebar-toggle"
      aria-label={t("sidebar.toggle")}
      aria-expanded={open}
      aria-controls={SIDEBAR_ID}
      onClick={toggle}
    >
      <svg aria-hidden="true" viewBox="0 0 24 24" width="20" height="20">
        <path d="M4 6h16M4 12h16M4 18h16" stroke="currentColor" strokeWidth="2" strokeLinecap="round" />
      </svg>
    </button>
  );
}
