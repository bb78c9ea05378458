"use client";
import { usePathname } from "next/navigation";
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from "react";

interface SidebarState {
  open: boolean;
  toggle: () => void;
  close: () => void;
}

const SidebarContext = createContext<SidebarState | null>(null);

export function useSidebar(): SidebarState {
  const value = useContext(SidebarContext);
  if (!value) throw new Error("useSidebar must be used inside <AppShell>");
  return value;
}

export const SIDEBAR_ID = "sidebar";

// Sidebar beside the main area on wide screens; an off-canvas drawer opened from the header on
// narrow ones (globals.css), closed by its close button, Escape, a tap outside or navigating.
export function AppShell({ sidebar, children }: { sidebar: ReactNode; children: ReactNode }) {
  const pathname = usePathname();
  // Remember where the drawer was opened: navigating elsewhere closes it.
  const [openAt, setOpenAt] = useState<string | null>(null);
  const open = openAt === pathname;
  const wasOpen = useRef(false);
  const close = useCallback(() => setOpenAt(null), []);

  useEffect(() => {
    if (!open) return;
    const onKey = (event: KeyboardEvent) => {
      // Escape inside a dialog or a rename belongs to them (they stop it or mark it handled).
      if (event.key === "Escape" && !event.defaultPrevented) setOpenAt(null);
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [open]);

  // Focus goes into the drawer when it opens and back to the button that opened it when it closes.
  useEffect(() => {
    if (open) {
      document.getElementById(SIDEBAR_ID)?.querySelector<HTMLElement>("[data-drawer-focus]")?.focus();
    } else if (wasOpen.current) {
      const toggle = document.querySelector<HTMLElement>(`[aria-controls="${SIDEBAR_ID}"]`);
      if (toggle && toggle.offsetParent !== null && document.activeElement === document.body) toggle.focus();
    }
    wasOpen.current = open;
  }, [open]);

  const state = useMemo(
    () => ({ open, toggle: () => setOpenAt(open ? null : pathname), close }),
    [open, pathname, close],
  );

  return (
    <SidebarContext.Provider value={state}>
      <div className={`app-shell${open ? " app-shell--sidebar-open" : ""}`}>
        {sidebar}
        {open ? <div className="app-shell__backdrop" aria-hidden="true" onClick={close} /> : null}
        {/* While the drawer is open the page behind it takes no focus or touches (it is only open on narrow screens). */}
        <main id="main" tabIndex={-1} className="app-main" inert={open}>
          {children}
        </main>
      </div>
    </SidebarContext.Provider>
  );
}
