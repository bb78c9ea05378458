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
  const [open, setOpen] = useState(false);
  const pathname = usePathname();

  useEffect(() => setOpen(false), [pathname]);

  useEffect(() => {
    if (!open) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.key === "Escape") setOpen(false);
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [open]);

  return (
    <SidebarContext.Provider value={{ open, toggle: () => setOpen((value) => !value) }}>
      <div className={`app-shell${open ? " app-shell--sidebar-open" : ""}`}>
        {sidebar}
        {open ? <div className="app-shell__backdrop" aria-hidden="true" onClick={() => setOpen(false)} /> : null}
        <main id="main" tabIndex={-1} className="app-main">
          {children}
        </main>
      </div>
    </SidebarContext.Provider>
  );
}
