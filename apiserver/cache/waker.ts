/**
 * Watchers woken together: an offer marks its watcher, and the marked watchers are woken at once
 * in a later macrotask, each taking everything it was given since as one batch (one write to its
 * client). Wakes are at least `intervalMs` apart, so under load a watcher's socket write, TLS
 * record and syscall carry several events instead of one each; a lone event waits at most that.
 */
export interface Wakeable {
  wakeNow(): void;
}

export class Waker {
  private readonly marked = new Set<Wakeable>();
  private queued = false;
  private last = 0;

  constructor(private readonly intervalMs: number) {}

  mark(w: Wakeable): void {
    this.marked.add(w);
    if (this.queued) return;
    this.queued = true;
    const wait = this.last + this.intervalMs - performance.now();
    if (wait <= 0) setImmediate(this.wakeAll);
    else setTimeout(this.wakeAll, wait);
  }

  forget(w: Wakeable): void {
    this.marked.delete(w);
  }

  private readonly wakeAll = (): void => {
    this.queued = false;
    this.last = performance.now();
    const ws = [...this.marked];
    this.marked.clear();
    for (const w of ws) w.wakeNow();
  };
}

/** Every cache watcher's waker: wakes 5 ms apart, at most 200 writes a second per watcher. */
export const watcherWaker = new Waker(5);
