/**
 * Token buckets keyed by a string (an account, a source address): each attempt takes a token,
 * a successful one gives it back, tokens refill at a steady rate up to the burst. A key with no
 * token left is limited until the next refill; `take` says how long. Memory is bounded: past maxKeys, buckets that
 * have refilled completely are dropped (they hold no information), then the oldest ones.
 */
export interface BucketPolicy {
  /** failures allowed in a burst */
  readonly burst: number;
  /** seconds for one token to come back */
  readonly refillSeconds: number;
}

interface Bucket {
  tokens: number;
  at: number;
}

export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();

  constructor(
    private readonly policy: BucketPolicy,
    private readonly now: () => Date,
    private readonly maxKeys = 10_000,
  ) {}

  private current(key: string): Bucket {
    const t = this.now().getTime();
    const b = this.buckets.get(key);
    if (!b) return { tokens: this.policy.burst, at: t };
    const refilled = (t - b.at) / 1000 / this.policy.refillSeconds;
    return { tokens: Math.min(this.policy.burst, b.tokens + refilled), at: t };
  }

  /**
   * Take a token for one attempt: 0 when taken, else the whole seconds until one is available.
   * Taking before the attempt (not after a failure) keeps parallel guesses within the burst.
   */
  take(key: string): number {
    const b = this.current(key);
    if (b.tokens < 1) return Math.max(1, Math.ceil((1 - b.tokens) * this.policy.refillSeconds));
    b.tokens -= 1;
    this.store(key, b);
    return 0;
  }

  /** Give back the token of an attempt that succeeded. */
  refund(key: string): void {
    const b = this.current(key);
    b.tokens = Math.min(this.policy.burst, b.tokens + 1);
    if (b.tokens >= this.policy.burst) this.buckets.delete(key);
    else this.store(key, b);
  }

  private store(key: string, b: Bucket): void {
    this.buckets.delete(key);
    this.buckets.set(key, b);
    if (this.buckets.size > this.maxKeys) this.evict();
  }

  private evict(): void {
    for (const k of [...this.buckets.keys()]) {
      if (this.current(k).tokens >= this.policy.burst) this.buckets.delete(k);
    }
    for (const k of this.buckets.keys()) {
      if (this.buckets.size <= this.maxKeys) break;
      this.buckets.delete(k);
    }
  }
}
