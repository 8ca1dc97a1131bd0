/**
 * Injectable time: every delay in the runtime (rate limiter, workqueue, informer backoff, leader
 * election) goes through a Clock, so tests drive time by hand.
 */
import { rfc3339Micro, rfc3339Seconds } from '../../api/time.js';

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

/** metav1.MicroTime as kube writes it: RFC 3339 with six fractional digits. */
export const microTime = (ms: number): string => rfc3339Micro(ms);

/** metav1.Time: RFC 3339, whole seconds. */
export const metaTime = (ms: number): string => rfc3339Seconds(ms);

/** Whether the signal has fired (a call, so checks after an await are not narrowed away). */
export function aborted(signal: AbortSignal): boolean {
  return signal.aborted;
}
