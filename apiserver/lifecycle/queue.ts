/**
 * A work queue of keys (kube's rate-limited workqueue, reduced): a key added several times is
 * worked once, one key at a time. `work` answers 'done', or 'wait' when the key must be looked at
 * again later (e.g. objects still finalizing); a failure is logged at warn. Both requeue the key
 * after its own exponential backoff, which resets once the key is done.
 */
import type winston from 'winston';
import { Backoff } from '../../api/backoff.js';

export type Outcome = 'done' | 'wait';

export class WorkQueue {
  private readonly pending = new Set<string>();
  private readonly backoffs = new Map<string, Backoff>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private draining = false;
  private stopped = false;

  constructor(
    private readonly work: (key: string) => Promise<Outcome>,
    private readonly logger: winston.Logger,
    private readonly what: string,
    private readonly initialMs = 100,
    private readonly maxMs = 10_000,
  ) {}

  add(key: string): void {
    if (this.stopped) return;
    this.pending.add(key);
    void this.drain();
  }

  stop(): void {
    this.stopped = true;
    this.pending.clear();
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
  }

  private later(key: string): void {
    let b = this.backoffs.get(key);
    if (!b) this.backoffs.set(key, (b = new Backoff(this.initialMs, this.maxMs)));
    clearTimeout(this.timers.get(key));
    const t = setTimeout(() => {
      this.timers.delete(key);
      this.add(key);
    }, b.next());
    t.unref();
    this.timers.set(key, t);
  }

  private async drain(): Promise<void> {
    if (this.draining) return;
    this.draining = true;
    try {
      for (let key = this.first(); key !== undefined && !this.stopped; key = this.first()) {
        this.pending.delete(key);
        try {
          if ((await this.work(key)) === 'done') this.backoffs.delete(key);
          else this.later(key);
        } catch (err) {
          this.logger.warn(`${this.what} failed; retrying`, { key, error: String(err) });
          this.later(key);
        }
      }
    } finally {
      this.draining = false;
    }
  }

  private first(): string | undefined {
    return this.pending.values().next().value;
  }
}
