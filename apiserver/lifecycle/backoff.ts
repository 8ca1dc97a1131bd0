/**
 * Retry delays for the lifecycle loops: exponential from `initialMs` to `maxMs`, reset on success.
 * A failure is never swallowed: the caller logs it at warn and waits `next()` before retrying,
 * so a storage outage is retried until storage answers again.
 */
import { setTimeout as sleep } from 'node:timers/promises';

export class Backoff {
  private attempt = 0;

  constructor(
    private readonly initialMs = 100,
    private readonly maxMs = 10_000,
  ) {}

  /** The delay before the next retry (grows with each call until reset). */
  next(): number {
    const ms = Math.min(this.maxMs, this.initialMs * 2 ** this.attempt);
    this.attempt = Math.min(this.attempt + 1, 30);
    return ms;
  }

  reset(): void {
    this.attempt = 0;
  }
}

/** Wait `ms`, or less when `signal` aborts; never rejects. */
export async function pause(ms: number, signal: AbortSignal): Promise<void> {
  await sleep(ms, undefined, { signal }).catch(() => undefined);
}
