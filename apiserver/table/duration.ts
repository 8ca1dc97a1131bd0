/**
 * Ages as kube prints them (apimachinery util/duration.HumanDuration): about two or three
 * significant figures, "29s", "5m10s", "3h", "2d4h", "3y12d".
 */

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

/** Formats a duration in milliseconds. Slightly negative (clock skew < 2 s) counts as "0s". */
export function humanDuration(ms: number): string {
  if (!Number.isFinite(ms)) return '<invalid>';
  const seconds = Math.trunc(ms / SECOND);
  if (seconds < -1) return '<invalid>';
  if (seconds < 0) return '0s';
  if (seconds < 60 * 2) return `${seconds}s`;
  const minutes = Math.trunc(ms / MINUTE);
  if (minutes < 10) {
    const s = seconds % 60;
    return s === 0 ? `${minutes}m` : `${minutes}m${s}s`;
  }
  if (minutes < 60 * 3) return `${minutes}m`;
  return longDuration(Math.trunc(ms / HOUR), minutes);
}

/** HumanDuration from three hours on. */
function longDuration(hours: number, minutes: number): string {
  if (hours < 8) {
    const m = minutes % 60;
    return m === 0 ? `${hours}h` : `${hours}h${m}m`;
  }
  if (hours < 48) return `${hours}h`;
  const days = Math.trunc(hours / 24);
  if (hours < 24 * 8) {
    const h = hours % 24;
    return h === 0 ? `${days}d` : `${days}d${h}h`;
  }
  if (hours < 24 * 365 * 2) return `${days}d`;
  const years = Math.trunc(days / 365);
  if (hours < 24 * 365 * 8) {
    const d = days % 365;
    return d === 0 ? `${years}y` : `${years}y${d}d`;
  }
  return `${years}y`;
}

// RFC 3339 as Go's time.Parse(time.RFC3339) accepts it (fractional seconds optional).
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

/**
 * A date cell: the age of an RFC 3339 timestamp at `now` (ms since epoch). Empty or "null" is
 * "<unknown>" and anything unparseable "<invalid>", as kube's CRD table convertor answers.
 */
export function ageOf(timestamp: string, now: number): string {
  if (timestamp === '' || timestamp === 'null') return '<unknown>';
  const t = RFC3339.test(timestamp) ? Date.parse(timestamp) : NaN;
  return Number.isNaN(t) ? '<invalid>' : humanDuration(now - t);
}
