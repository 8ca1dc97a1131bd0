/** Exponential backoff for reconnect loops: base doubling per failure up to max; reset on success. */
export class Backoff {
  private failures = 0;

  constructor(
    private readonly baseMs = 1000,
    private readonly maxMs = 30_000,
  ) {}

  /** The delay before the next attempt after one more failure. */
  next(): number {
    const delay = Math.min(this.maxMs, this.baseMs * 2 ** Math.min(this.failures, 30));
    this.failures++;
    return delay;
  }

  reset(): void {
    this.failures = 0;
  }
}
