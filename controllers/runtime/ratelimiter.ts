/**
 * Retry rate limiters (client-go workqueue): per-item exponential backoff combined with an overall
 * token bucket; the default takes the larger delay of both: 5 ms doubling to 1000 s per item,
 * 50 retries/s with a burst of 300 overall.
 */
import { realClock, type Clock } from './clock.js';

export interface RateLimiter {
  /** How long to wait before retrying item now (records one more failure). */
  when(item: string): number;
  /** Clears the item's failure history (after a success). */
  forget(item: string): void;
  /** Failures recorded for the item since it was last forgotten. */
  numRequeues(item: string): number;
}

export class ItemExponentialRateLimiter implements RateLimiter {
  private readonly failures = new Map<string, number>();

  constructor(
    private readonly baseMs = 5,
    private readonly maxMs = 1_000_000,
  ) {}

  when(item: string): number {
    const n = this.failures.get(item) ?? 0;
    this.failures.set(item, n + 1);
    const delay = this.baseMs * 2 ** Math.min(n, 62);
    return Math.min(delay, this.maxMs);
  }

  forget(item: string): void {
    this.failures.delete(item);
  }

  numRequeues(item: string): number {
    return this.failures.get(item) ?? 0;
  }
}

/** golang.org/x/time/rate reservations: a token now, or the wait until one accrues. */
export class TokenBucketRateLimiter implements RateLimiter {
  private tokens: number;
  private last: number;

  constructor(
    private readonly perSecond = 50,
    private readonly burst = 300,
    private readonly clock: Clock = realClock,
  ) {
    this.tokens = burst;
    this.last = clock.now();
  }

  when(): number {
    const now = this.clock.now();
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) / 1000) * this.perSecond);
    this.last = now;
    this.tokens -= 1;
    return this.tokens >= 0 ? 0 : (-this.tokens / this.perSecond) * 1000;
  }

  forget(): void {
    // the bucket is shared by all items: nothing to forget
  }

  numRequeues(): number {
    return 0;
  }
}

export class MaxOfRateLimiter implements RateLimiter {
  constructor(private readonly limiters: readonly RateLimiter[]) {}

  when(item: string): number {
    return Math.max(0, ...this.limiters.map((l) => l.when(item)));
  }

  forget(item: string): void {
    for (const l of this.limiters) l.forget(item);
  }

  numRequeues(item: string): number {
    return Math.max(0, ...this.limiters.map((l) => l.numRequeues(item)));
  }
}

/** client-go's DefaultControllerRateLimiter. */
export function defaultControllerRateLimiter(clock: Clock = realClock): RateLimiter {
  return new MaxOfRateLimiter([
    new ItemExponentialRateLimiter(5, 1_000_000),
    new TokenBucketRateLimiter(50, 300, clock),
  ]);
}
