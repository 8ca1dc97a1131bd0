/**
 * Watchers woken together: an offer marks its watcher, and the marked watchers are woken at once
 * in a later macrotask, each taking everything it was given since as one batch (one write to its
 * client). Wakes are at least `intervalMs` apart, and further apart the more watchers the last
 * one woke (`perWatcherMs` each): a wake costs each woken watcher a socket write (TLS record,
 * syscall) whatever it carries, so with many watchers or many events each write carries several
 * events, and waking keeps to a bounded share of the CPU. An event waits at most one interval.
 */
export interface Wakeable {
  wakeNow(): void;
}

export class Waker {
  private readonly marked = new Set<Wakeable>();
  private queued = false;
  private last = 0;
  private gap = 0;

  constructor(
    private readonly intervalMs: number,
    private readonly perWatcherMs: number,
  ) {}

  mark(w: Wakeable): void {
    this.marked.add(w);
    if (this.queued) return;
    this.queued = true;
    const wait = this.last + this.gap - performance.now();
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
    this.gap = Math.max(this.intervalMs, ws.length * this.perWatcherMs);
    for (const w of ws) w.wakeNow();
  };
}

/**
 * Every cache watcher's waker: wakes at least 5 ms apart, 20 µs more per watcher woken (1,000
 * watchers: 20 ms), so event delivery stays near the 100-200 ms targets while its writes cannot
 * take the whole CPU from the writes they report.
 */
export const watcherWaker = new Waker(5, 0.02);
