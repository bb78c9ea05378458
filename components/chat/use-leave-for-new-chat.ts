"use client";
import { useRouter } from "next/navigation";
import { useCallback } from "react";

// Leaves the open thread (deleted) for a new chat; replace: Back must not lead to it. A thread
// started on the new-chat page got its /c/ URL without a navigation (history.replaceState), so
// the router still holds the new-chat page it rendered: the refresh renders a new one, with a new
// thread id, in place of the deleted thread's messages.
export function useLeaveForNewChat(): () => void {
  const router = useRouter();
  return useCallback(() => {
    router.replace("/");
    router.refresh();
  }, [router]);
}
