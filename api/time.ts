/**
 * Kube's time texts from epoch milliseconds: metav1.Time (RFC 3339, whole seconds), metav1.MicroTime
 * (six fractional digits) and a UTC date. A write formats the current time several times (its
 * creationTimestamp, managedFields, audit record, Events, conditions), nearly always within the
 * second of the call before: the last second's text is kept, so most calls build no Date.
 * Times JavaScript cannot represent (NaN, ±Infinity) format as the epoch; years past 9999 keep
 * toISOString's extended form (+010000-01-01T00:00:00Z).
 */

/** the last whole second formatted, and its text without a zone: 2026-11-22T00:28:23 */
let last = { second: NaN, text: '' };
/** the last UTC day formatted (days since the epoch), and its date */
let lastDay = { day: NaN, text: '' };

/** ms as a time (the epoch when it is not one); callers floor it before dividing, so a tiny negative
 * fraction stays in the second before the epoch instead of rounding to -0 */
const finite = (ms: number): number => (Number.isFinite(ms) ? ms : 0);

function secondText(second: number): string {
  if (second !== last.second) {
    const iso = new Date(second * 1000).toISOString();
    last = { second, text: iso.slice(0, -5) }; // less ".000Z"
  }
  return last.text;
}

/** metav1.Time: 2026-11-22T00:28:23Z (fractions dropped). */
export function rfc3339Seconds(ms: number): string {
  return `${secondText(Math.floor(Math.floor(finite(ms)) / 1000))}Z`;
}

/** metav1.MicroTime: 2026-11-22T00:28:23.123456Z (from a time with sub-millisecond fractions). */
export function rfc3339Micro(ms: number): string {
  const t = finite(ms);
  const whole = Math.floor(t);
  const micros = Math.floor((t - whole) * 1000);
  const second = Math.floor(whole / 1000);
  const millis = whole - second * 1000;
  return `${secondText(second)}.${String(millis).padStart(3, '0')}${String(micros).padStart(3, '0')}Z`;
}

/** The UTC date: 2026-11-22. */
export function utcDate(ms: number): string {
  const day = Math.floor(Math.floor(finite(ms)) / 86_400_000);
  if (day !== lastDay.day) {
    const text = secondText(day * 86_400);
    lastDay = { day, text: text.slice(0, text.indexOf('T', 1)) };
  }
  return lastDay.text;
}
