/** Readers waiting for the cache to reach a revision, each given up after a timeout. */
interface Waiter {
  readonly rev: number;
  readonly resolve: (ok: boolean) => void;
}

export class RevisionWaiters {
  private waiters: Waiter[] = [];

  constructor(private readonly timeoutMs: number) {}

  /** Resolves true when settle() finds `rev` reached, false after the timeout or on giving up. */
  wait(rev: number): Promise<boolean> {
    return new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        resolve(false);
      }, this.timeoutMs);
      const waiter: Waiter = {
        rev,
        resolve: (ok) => {
          clearTimeout(timer);
          resolve(ok);
        },
      };
      this.waiters.push(waiter);
    });
  }

  /** Resolve the waiters whose revision is reached (true), or every other one with false when giveUp. */
  settle(reached: (rev: number) => boolean, giveUp: boolean): void {
    if (this.waiters.length === 0) return;
    const keep: Waiter[] = [];
    for (const w of this.waiters) {
      if (reached(w.rev)) w.resolve(true);
      else if (giveUp) w.resolve(false);
      else keep.push(w);
    }
    this.waiters = keep;
  }
}
