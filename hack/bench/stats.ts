/** Percentiles and medians of samples. */

/** Nearest-rank percentile (p in 0..100) of xs; NaN for an empty list. */
export function percentile(xs: readonly number[], p: number): number {
  if (xs.length === 0) return NaN;
  const s = Float64Array.from(xs).sort();
  return s[Math.max(0, Math.ceil((p / 100) * s.length) - 1)] ?? NaN;
}

/** Median of the finite values of xs (the mean of the middle two for an even count; NaN when none). */
export function median(xs: readonly number[]): number {
  const s = Float64Array.from(xs.filter((x) => Number.isFinite(x))).sort();
  if (s.length === 0) return NaN;
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? (s[mid] ?? NaN) : ((s[mid - 1] ?? NaN) + (s[mid] ?? NaN)) / 2;
}
