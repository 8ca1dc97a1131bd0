/**
 * Exponential backoff for retry and reconnect loops, shared by the server's lifecycle loops and the
 * controllers (api/ is the layer both import): `baseMs` doubling per failure up to `maxMs`, reset
 * on success.
 */
export class Backoff {
  private failures = 0;

  constructor(
    private readonly baseMs: number,
    private readonly maxMs: number,
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
