"use client";
import { useCallback, useLayoutEffect, useRef, useState, type RefObject } from "react";
import { firstRows, rowAt, rowOffsets, rowsBetween, type RowRange } from "./virtual-window";

// Renders only the rows near the viewport of a scroll container. Rows have any height and may change
// it (a reply streaming in, a window resize); heights are measured once rendered, estimated before.
// The row the user is looking at stays where it is on screen when rows above it are added, measured
// or resized (the browser's own scroll anchoring is off: it cannot see rows that are not rendered).

const ESTIMATED_ROW_PX = 160;
// Rows rendered before anything can be measured (and on the server).
const FIRST_ROWS = 12;

export const ROW_KEY_ATTRIBUTE = "data-row-key";

interface VirtualRowsOptions {
  scrollerRef: RefObject<HTMLElement | null>;
  // The element holding the rows (and the spacers), inside the scroller.
  rowsRef: RefObject<HTMLElement | null>;
  keys: readonly string[];
  // Open at this row instead of at the end.
  startAt?: number;
  // The bottom-pinning of use-stick-to-bottom: pinned views follow the end instead of an anchor.
  isStuck: () => boolean;
  follow: () => void;
}

// Kept by key, not index, so rows added in front do not change what is shown.
interface KeyRange {
  first: string;
  last: string;
}

interface Anchor {
  key: string;
  // Where the row started, from the top of the scroll content, when the anchor was taken.
  top: number;
}

type Heights = ReadonlyMap<string, number>;

function offsetsOf(keys: readonly string[], heights: Heights): number[] {
  return rowOffsets(keys.length, (index) => heights.get(keys[index] ?? "") ?? ESTIMATED_ROW_PX);
}

export function useVirtualRows({ scrollerRef, rowsRef, keys, startAt, isStuck, follow }: VirtualRowsOptions) {
  // The latest measurements (read while scrolling) and the copy the last render used.
  const measuredRef = useRef(new Map<string, number>());
  const [heights, setHeights] = useState<Heights>(() => new Map());
  const [shown, setShown] = useState<KeyRange | null>(null);
  const keysRef = useRef(keys);
  const shownRef = useRef(shown);
  const anchorRef = useRef<Anchor | null>(null);
  const positionedRef = useRef(false);

  // Takes the anchor from the current scroll position and picks the rows to render around it.
  const update = useCallback(() => {
    const scroller = scrollerRef.current;
    const current = keysRef.current;
    if (!scroller || current.length === 0) return;
    const rowsTop = rowsRef.current?.offsetTop ?? 0;
    const offsets = offsetsOf(current, measuredRef.current);
    const top = scroller.scrollTop - rowsTop;
    const index = rowAt(offsets, top);
    anchorRef.current = { key: current[index] ?? "", top: rowsTop + (offsets[index] ?? 0) };
    const margin = Math.max(scroller.clientHeight, 400);
    const next = rowsBetween(offsets, top - margin, top + scroller.clientHeight + margin);
    const range = { first: current[next.start] ?? "", last: current[next.end - 1] ?? "" };
    if (shownRef.current?.first !== range.first || shownRef.current.last !== range.last) {
      shownRef.current = range;
      setShown(range);
    }
  }, [scrollerRef, rowsRef]);

  // Measures the rendered rows, then keeps the anchor row in place (or the end, when pinned).
  const reconcile = useCallback(() => {
    const scroller = scrollerRef.current;
    const rows = rowsRef.current;
    if (!scroller || !rows) return;
    const measured = measuredRef.current;
    let changed = false;
    for (const row of rows.querySelectorAll<HTMLElement>(`:scope > [${ROW_KEY_ATTRIBUTE}]`)) {
      const key = row.getAttribute(ROW_KEY_ATTRIBUTE) ?? "";
      const height = row.getBoundingClientRect().height;
      if (measured.get(key) !== height) {
        measured.set(key, height);
        changed = true;
      }
    }
    if (changed) setHeights(new Map(measured));
    const offsets = offsetsOf(keysRef.current, measured);
    const anchor = anchorRef.current;
    if (!positionedRef.current) {
      positionedRef.current = true;
      const start = startAt === undefined ? undefined : offsets[startAt];
      if (start === undefined) follow();
      else scroller.scrollTop = rows.offsetTop + start - 16;
    } else if (isStuck()) {
      follow();
    } else if (anchor) {
      const index = keysRef.current.indexOf(anchor.key);
      const shift = index === -1 ? 0 : rows.offsetTop + (offsets[index] ?? 0) - anchor.top;
      if (Math.abs(shift) >= 0.5) scroller.scrollTop += shift;
    }
    update();
  }, [scrollerRef, rowsRef, startAt, isStuck, follow, update]);

  const range = toIndices(keys, shown, startAt);
  const offsets = offsetsOf(keys, heights);
  const spaceBefore = offsets[range.start] ?? 0;
  const spaceAfter = (offsets[keys.length] ?? 0) - (offsets[range.end] ?? 0);

  // After every render: the spacers take their heights (set here, not as style attributes, which
  // the Content-Security-Policy refuses in server-rendered HTML), new rows are measured, and the
  // view is kept in place, all before the browser paints.
  const beforeRef = useRef<HTMLDivElement>(null);
  const afterRef = useRef<HTMLDivElement>(null);
  useLayoutEffect(() => {
    keysRef.current = keys;
    if (beforeRef.current) beforeRef.current.style.height = `${spaceBefore}px`;
    if (afterRef.current) afterRef.current.style.height = `${spaceAfter}px`;
    reconcile();
  });

  // Later changes of size: a row's content, or the scroller itself (a window resize).
  useLayoutEffect(() => {
    const scroller = scrollerRef.current;
    const rows = rowsRef.current;
    if (!scroller || !rows) return;
    const observer = new ResizeObserver(() => reconcile());
    observer.observe(scroller);
    observer.observe(rows);
    return () => observer.disconnect();
  }, [scrollerRef, rowsRef, reconcile]);

  // The spacers stand in for the rows not rendered above and below.
  return { range, beforeRef, afterRef, onScroll: update };
}

function toIndices(keys: readonly string[], shown: KeyRange | null, startAt: number | undefined): RowRange {
  const start = shown ? keys.indexOf(shown.first) : -1;
  if (!shown || start === -1) return firstRows(keys.length, FIRST_ROWS, startAt);
  // The last row shown went away (a reply replaced at the end): show down to the end.
  const last = keys.indexOf(shown.last);
  return { start, end: last < start ? keys.length : last + 1 };
}
