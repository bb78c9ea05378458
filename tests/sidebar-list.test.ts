// The sidebar's pure list logic: day groups in the viewer's time zone, and how pages merge.
import { describe, expect, it } from "vitest";
import { groupThreads } from "@/components/sidebar/thread-groups";
import { appendPage, mergeFirstPage, type ThreadItem } from "@/components/sidebar/thread-pages";

// Local wall-clock times, so the test means the same in any time zone.
const local = (day: number, hour = 12, minute = 0) => new Date(2026, 10, day, hour, minute).toISOString();
const thread = (id: string, lastActivityAt: string): ThreadItem => ({ id, title: id, lastActivityAt });

describe("groupThreads", () => {
  it("groups by calendar day in local time: today, yesterday, 7 days, 30 days, older", () => {
    const now = new Date(2026, 10, 26, 0, 30);
    const threads = [
      thread("just-after-midnight", local(26, 0, 5)),
      thread("late-last-night", local(25, 23, 50)),
      thread("yesterday-morning", local(25, 0, 0)),
      thread("two-days", local(24, 9)),
      thread("seven-days", local(19, 0, 0)),
      thread("eight-days", local(18, 23, 59)),
      thread("thirty-days", new Date(2026, 9, 27, 0, 0).toISOString()),
      thread("thirty-one-days", new Date(2026, 9, 26, 23, 59).toISOString()),
      thread("last-year", new Date(2025, 0, 1).toISOString()),
    ];
    const groups = groupThreads(threads, now).map((group) => [group.key, group.threads.map((item) => item.id)]);
    expect(groups).toEqual([
      ["today", ["just-after-midnight"]],
      ["yesterday", ["late-last-night", "yesterday-morning"]],
      ["previous7Days", ["two-days", "seven-days"]],
      ["previous30Days", ["eight-days", "thirty-days"]],
      ["older", ["thirty-one-days", "last-year"]],
    ]);
  });

  it("leaves out empty groups and keeps the fixed order whatever the input order", () => {
    const now = new Date(2026, 10, 26, 15);
    const groups = groupThreads([thread("old", new Date(2026, 8, 1).toISOString()), thread("new", local(26, 9))], now);
    expect(groups.map((group) => group.key)).toEqual(["today", "older"]);
    expect(groupThreads([], now)).toEqual([]);
  });
});

describe("mergeFirstPage", () => {
  const a = thread("a", local(26, 10));
  const b = thread("b", local(26, 9));
  const c = thread("c", local(26, 8));
  const d = thread("d", local(26, 7));
  const e = thread("e", local(26, 6));

  it("moves a thread with a new reply to the top and keeps the pages loaded beyond the first", () => {
    const loaded = { threads: [a, b, c, d, e], nextCursor: "after-e" };
    const movedD = thread("d", local(26, 11));
    const merged = mergeFirstPage(loaded, { threads: [movedD, a], nextCursor: "after-a" });
    expect(merged.threads.map((item) => item.id)).toEqual(["d", "a", "b", "c", "e"]);
    expect(merged.threads[0]).toBe(movedD);
    expect(merged.nextCursor).toBe("after-e");
  });

  it("takes the first page whole when it is the only page", () => {
    const merged = mergeFirstPage({ threads: [a, b, c], nextCursor: null }, { threads: [b, c], nextCursor: null });
    expect(merged).toEqual({ threads: [b, c], nextCursor: null });
  });

  it("keeps the fresh cursor when nothing beyond the first page was loaded", () => {
    const merged = mergeFirstPage({ threads: [a, b], nextCursor: "after-b" }, { threads: [a, b], nextCursor: "x" });
    expect(merged).toEqual({ threads: [a, b], nextCursor: "x" });
  });

  it("appends a page without listing a thread twice", () => {
    const merged = appendPage({ threads: [a, b], nextCursor: "after-b" }, { threads: [b, c], nextCursor: null });
    expect(merged).toEqual({ threads: [a, b, c], nextCursor: null });
  });
});
