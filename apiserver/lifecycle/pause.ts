/**
 * Waiting between retries of the lifecycle loops (delays from api/backoff.ts). A failure is never swallowed:
 * the caller logs it at warn and waits the backoff's `next()` before retrying, so a storage outage
 * is retried until storage answers again.
 */
import { setTimeout as sleep } from 'node:timers/promises';

/** Wait `ms`, or less when `signal` aborts; never rejects. */
export async function pause(ms: number, signal: AbortSignal): Promise<void> {
  await sleep(ms, undefined, { signal }).catch(() => undefined);
}
