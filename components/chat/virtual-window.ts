// The arithmetic of a virtualised list whose rows have different, changing heights: where each row
// starts (measured heights, or an estimate for rows never rendered) and which rows a band of the
// scroll area touches.

// offsets[i] is where row i starts, offsets[n] the height of all rows.
export function rowOffsets(count: number, heightOf: (index: number) => number): number[] {
  const offsets = new Array<number>(count + 1);
  offsets[0] = 0;
  for (let index = 0; index < count; index++) offsets[index + 1] = (offsets[index] ?? 0) + heightOf(index);
  return offsets;
}

export interface RowRange {
  start: number;
  // One past the last row.
  end: number;
}

// The first row that ends below `y` (the last row when none does; 0 for no rows).
export function rowAt(offsets: readonly number[], y: number): number {
  const count = offsets.length - 1;
  let low = 0;
  let high = Math.max(0, count - 1);
  while (low < high) {
    const middle = (low + high) >> 1;
    if ((offsets[middle + 1] ?? 0) > y) high = middle;
    else low = middle + 1;
  }
  return low;
}

// The rows that overlap [top, bottom), at least one when there are rows.
export function rowsBetween(offsets: readonly number[], top: number, bottom: number): RowRange {
  const count = offsets.length - 1;
  if (count <= 0) return { start: 0, end: 0 };
  const start = rowAt(offsets, top);
  let end = start + 1;
  while (end < count && (offsets[end] ?? 0) < bottom) end++;
  return { start, end };
}

// The rows a page shows before it can measure anything: the last few, or a few from a given row.
export function firstRows(count: number, rows: number, from?: number): RowRange {
  if (from === undefined) return { start: Math.max(0, count - rows), end: count };
  const start = Math.max(0, Math.min(from - 2, count - rows));
  return { start, end: Math.min(count, start + rows) };
}
