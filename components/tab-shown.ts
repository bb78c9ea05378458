"use client";

// Calls `listener` each time this tab is shown again (the user comes back to it); returns the
// unsubscribe. What the user did meanwhile on another device reaches no event in this browser,
// so views read it again then.
export function onTabShown(listener: () => void): () => void {
  const onChange = () => {
    if (document.visibilityState === "visible") listener();
  };
  document.addEventListener("visibilitychange", onChange);
  return () => document.removeEventListener("visibilitychange", onChange);
}
