/**
 * Injectable time: every delay in the runtime (rate limiter, workqueue, informer backoff, leader
 * election) goes through a Clock, so tests drive time by hand.
 */
export interface TimerHandle {
  cancel(): void;
}

export interface Clock {
  /** milliseconds since the epoch */
  now(): number;
  /** run fn once after ms; the handle cancels it */
  after(ms: number, fn: () => void): TimerHandle;
  /**
   * milliseconds on a clock that never jumps (it keeps counting while the process is stopped);
   * absent: now() stands in
   */
  monotonic?(): number;
}

/** The clock's monotonic reading, or now() when it has none. */
export function monotonicNow(clock: Clock): number {
  return clock.monotonic ? clock.monotonic() : clock.now();
}

export const realClock: Clock = {
  now: () => Date.now(),
  monotonic: () => performance.now(),
  after(ms, fn) {
    const t = setTimeout(fn, Math.max(0, ms));
    return {
      cancel: () => {
        clearTimeout(t);
      },
    };
  },
};

/** Resolve after ms on the clock, or at once when the signal aborts (never rejects). */
export function sleep(clock: Clock, ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) {
      resolve();
      return;
    }
    const onAbort = (): void => {
      timer.cancel();
      resolve();
    };
    const timer = clock.after(ms, () => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    });
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** metav1.MicroTime (RFC 3339, six fractional digits) and metav1.Time (whole seconds) of epoch ms. */
export { rfc3339Micro as microTime, rfc3339Seconds as metaTime } from '../../api/time.js';

/** Whether the signal has fired (a call, so checks after an await are not narrowed away). */
export function aborted(signal: AbortSignal): boolean {
  return signal.aborted;
}
