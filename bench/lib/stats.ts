// Percentiles over samples (linear interpolation between closest ranks, as numpy's default).

export interface Percentiles {
  p50: number;
  p99: number;
}

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = (p / 100) * (sorted.length - 1);
  const low = Math.floor(rank);
  const a = sorted[low] ?? Number.NaN;
  const b = sorted[Math.ceil(rank)] ?? a;
  return a + (b - a) * (rank - low);
}

export function percentiles(values: readonly number[]): Percentiles {
  const sorted = [...values].sort((a, b) => a - b);
  return { p50: percentile(sorted, 50), p99: percentile(sorted, 99) };
}

/** Rounds for the report, so that noise below a microsecond stays out of diffs. */
export function round(value: number, digits = 3): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

/** Percentiles for the report: null when there were no samples (never NaN in JSON). */
export interface ReportedPercentiles {
  p50: number | null;
  p99: number | null;
}

export function reportPercentiles(values: readonly number[], digits = 3): ReportedPercentiles {
  if (values.length === 0) return { p50: null, p99: null };
  const { p50, p99 } = percentiles(values);
  return { p50: round(p50, digits), p99: round(p99, digits) };
}

function usable(value: number | null): value is number {
  return value !== null && Number.isFinite(value);
}

/** a / b, or null when b is zero or either is missing (a ratio that would mislead). */
export function ratio(a: number | null, b: number | null): number | null {
  if (!usable(a) || !usable(b) || b === 0) return null;
  return round(a / b);
}

/** a − b, or null when either is missing. */
export function difference(a: number | null, b: number | null): number | null {
  return usable(a) && usable(b) ? round(a - b) : null;
}
