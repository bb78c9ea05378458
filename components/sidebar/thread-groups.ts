// Groups the sidebar's threads by last activity, in the viewer's local time zone (calendar days,
// so "yesterday" starts at local midnight whatever the DST shifts).

export const THREAD_GROUPS = ["today", "yesterday", "previous7Days", "previous30Days", "older"] as const;
export type ThreadGroupKey = (typeof THREAD_GROUPS)[number];

export interface ThreadGroup<T> {
  key: ThreadGroupKey;
  threads: T[];
}

function daysBefore(midnight: Date, days: number): number {
  const day = new Date(midnight);
  day.setDate(day.getDate() - days);
  return day.getTime();
}

export function groupStarts(now: Date): Record<Exclude<ThreadGroupKey, "older">, number> {
  const midnight = new Date(now);
  midnight.setHours(0, 0, 0, 0);
  return {
    today: midnight.getTime(),
    yesterday: daysBefore(midnight, 1),
    previous7Days: daysBefore(midnight, 7),
    previous30Days: daysBefore(midnight, 30),
  };
}

export function groupOf(lastActivityAt: number, starts: ReturnType<typeof groupStarts>): ThreadGroupKey {
  if (lastActivityAt >= starts.today) return "today";
  if (lastActivityAt >= starts.yesterday) return "yesterday";
  if (lastActivityAt >= starts.previous7Days) return "previous7Days";
  if (lastActivityAt >= starts.previous30Days) return "previous30Days";
  return "older";
}

// Groups in their fixed order, each keeping the threads' order; empty groups are left out.
export function groupThreads<T extends { lastActivityAt: string }>(threads: readonly T[], now: Date): ThreadGroup<T>[] {
  const starts = groupStarts(now);
  const byKey = new Map<ThreadGroupKey, T[]>();
  for (const thread of threads) {
    const key = groupOf(Date.parse(thread.lastActivityAt), starts);
    const group = byKey.get(key);
    if (group) group.push(thread);
    else byKey.set(key, [thread]);
  }
  return THREAD_GROUPS.flatMap((key) => {
    const grouped = byKey.get(key);
    return grouped ? [{ key, threads: grouped }] : [];
  });
}
