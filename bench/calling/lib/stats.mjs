// Order statistics over a handful of samples.

export function sorted(values) {
  return values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
}

/** The median (mean of the two middle values for an even count). */
export function median(values) {
  const v = sorted(values);
  if (!v.length) return NaN;
  const mid = v.length >> 1;
  return v.length % 2 ? v[mid] : (v[mid - 1] + v[mid]) / 2;
}

/** Nearest-rank percentile: the smallest sample with at least p% of the samples at or below it (20 samples: p95 = the 19th). */
export function percentile(values, p) {
  const v = sorted(values);
  if (!v.length) return NaN;
  return v[Math.max(0, Math.ceil((p / 100) * v.length) - 1)];
}

export function summary(values) {
  const v = sorted(values);
  return { n: v.length, median: median(v), p95: percentile(v, 95), min: v[0] ?? NaN, max: v[v.length - 1] ?? NaN };
}

export const ms = (x) => (Number.isFinite(x) ? x.toFixed(0) : '–');
export const ratio = (x) => (Number.isFinite(x) ? x.toFixed(2) : '–');
