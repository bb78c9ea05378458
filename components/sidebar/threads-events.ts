// The sidebar listens for this window event and refetches GET /api/threads.
export const THREADS_CHANGED_EVENT = "threads:changed";

export function notifyThreadsChanged(): void {
  window.dispatchEvent(new Event(THREADS_CHANGED_EVENT));
}
