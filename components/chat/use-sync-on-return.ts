"use client";
import { useEffect, useRef } from "react";
import { onTabShown } from "@/components/tab-shown";
import { useLeaveForNewChat } from "./use-leave-for-new-chat";
import type { SyncResult } from "./use-server-reply";

interface SyncOnReturnOptions {
  /** The server has the thread (not a new chat yet to be sent). */
  stored: boolean;
  /** Nothing is being sent, streamed or stopped in this tab. */
  idle: boolean;
  syncFromServer: () => Promise<SyncResult>;
}

// Back to this tab: the open thread is read again, so what was done meanwhile on another device
// (a new exchange, an edit, a reply still being written, the thread deleted) shows up without a
// reload, and a message sent next goes after what the server has. Tabs of this browser hear of
// such changes at once (threads-events.ts); no event reaches this one from another device.
export function useSyncOnReturn({ stored, idle, syncFromServer }: SyncOnReturnOptions): void {
  const leaveForNewChat = useLeaveForNewChat();
  // Read when the tab is shown, not when the listener was added.
  const ready = useRef(false);
  useEffect(() => {
    ready.current = stored && idle;
  }, [stored, idle]);

  useEffect(() => {
    const sync = async () => {
      if (!ready.current) return;
      // Deleted on another device: leave it for a new chat, as when another tab deletes it.
      if ((await syncFromServer()) === "missing") leaveForNewChat();
    };
    return onTabShown(() => void sync());
  }, [syncFromServer, leaveForNewChat]);
}
