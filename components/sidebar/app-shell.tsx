"use client";
import { usePathname } from "next/navigation";
import { createContext, useContext, useEffect, useState, type ReactNode } from "react";

interface SidebarState {
  open: boolean;
  toggle: () => void;
}

const SidebarContext = createContext<SidebarState | null>(null);

export function useSidebar(): SidebarState {
  const value = useContext(SidebarContext);
  if (!value) throw new Error("useSidebar must be used inside <AppShell>");
  return value;
}

export const SIDEBAR_ID = "sidebar";

// Sidebar beside the main area on wide screens; a panel toggled from the header on narrow ones.
export function AppShell({ sidebar, children }: { sidebar: ReactNode; children: ReactNode }) {
  const pathname = usePathname();
  // Remember where the panel was opened: navigating elsewhere closes it.
  const [openAt, setOpenAt] = useState<string | null>(null);
  const open = openAt === pathname;
  const close = () => setOpenAt(null);

  useEffect(() => {
    if (!open) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.key === "Escape") setOpenAt(null);
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [open]);

  return (
    <SidebarContext.Provider value={{ open, toggle: () => setOpenAt(open ? null : pathname) }}>
      <div className={`app-shell${open ? " app-shell--sidebar-open" : ""}`}>
        {sidebar}
        {open ? <div className="app-shell__backdrop" aria-hidden="true" onClick={close} /> : null}
        <main id="main" tabIndex={-1} className="app-main">
          {children}
        </main>
      </div>
    </SidebarContext.Provider>
  );
}
