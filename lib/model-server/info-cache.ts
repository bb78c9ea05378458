import type { ModelServer, ModelServerInfo } from "./types";

// /info changes only when the server restarts with other limits: ask at most every `ttlMs`.
// Concurrent callers share one request; a failure is not cached, so the next call asks again.

export interface InfoCache {
  get(): Promise<ModelServerInfo>;
  clear(): void;
}

export function createInfoCache(
  server: Pick<ModelServer, "info">,
  ttlMs: number,
  now: () => number = Date.now,
): InfoCache {
  let entry: { info: Promise<ModelServerInfo>; fetchedAt: number } | undefined;

  return {
    get() {
      if (entry && now() - entry.fetchedAt < ttlMs) return entry.info;
      const current = { info: server.info(), fetchedAt: now() };
      entry = current;
      current.info.catch(() => {
        if (entry === current) entry = undefined;
      });
      return current.info;
    },
    clear() {
      entry = undefined;
    },
  };
}
