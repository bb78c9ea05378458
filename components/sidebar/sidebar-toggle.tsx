"use client";
import { useI18n } from "@/lib/i18n/client";
import { SIDEBAR_ID, useSidebar } from "./app-shell";
import { StrokeIcon } from "@/components/stroke-icon";

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
      <StrokeIcon path="M4 6h16M4 12h16M4 18h16" size={20} />
    </button>
  );
}
