/**
 * The request quota's windows: UTC clock minutes and UTC days (a minute window is the epoch
 * minute, a day window its date "YYYY-MM-DD"), and the whole seconds left in a window.
 */
import { utcDate } from '../../api/time.js';

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;

/** The epoch minute of `ms` (minutes since 1970-01-01T00:00Z). */
export const minuteOf = (ms: number): number => Math.floor(ms / MINUTE_MS);

/** The UTC date of `ms`, "YYYY-MM-DD". */
export const dayOf = (ms: number): string => utcDate(ms);

/** The date `n` days before `day` ("YYYY-MM-DD"). */
export function daysBefore(day: string, n: number): string {
  return dayOf(Date.parse(`${day}T00:00:00Z`) - n * DAY_MS);
}

export type WindowName = 'minute' | 'day';

/**
 * Whole seconds from `ms` to the end of its window, rounded down (kube's retryAfterSeconds is
 * an integer): client-go sleeps exactly that long before retrying a 429, so its retry lands in
 * the window's last second and, refused again with 0, ends with the error instead of waiting on.
 */
export function secondsToEnd(window: WindowName, ms: number): number {
  const size = window === 'minute' ? MINUTE_MS : DAY_MS;
  const end = (Math.floor(ms / size) + 1) * size;
  return Math.floor((end - ms) / 1000);
}
