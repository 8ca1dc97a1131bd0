/**
 * The recent events of one resource, oldest first, so a watcher can resume from any revision the
 * buffer still covers. Capacity grows like kube's watch cache: from `min`, doubling (up to `max`)
 * whenever the event about to be evicted is younger than `freshMs`; otherwise the oldest goes.
 */
export interface RingOptions {
  readonly min: number;
  readonly max: number;
  readonly freshMs: number;
  readonly now?: () => number;
}

export const DEFAULT_RING: RingOptions = { min: 100, max: 102_400, freshMs: 75_000 };

export class EventRing<T extends { readonly rev: number }> {
  private items: (T | undefined)[];
  private times: number[];
  private head = 0;
  private count = 0;
  /**
   * Every event after this revision is in the buffer: the revision of the last event evicted, or
   * the revision the buffer started at.
   */
  floor: number;

  constructor(
    startRevision: number,
    private readonly opts: RingOptions = DEFAULT_RING,
    /** called with each event the buffer evicts */
    private readonly evicted?: (ev: T) => void,
  ) {
    this.floor = startRevision;
    this.items = new Array<T | undefined>(Math.max(1, opts.min));
    this.times = new Array<number>(this.items.length).fill(0);
  }

  get capacity(): number {
    return this.items.length;
  }

  get size(): number {
    return this.count;
  }

  push(ev: T): void {
    const now = (this.opts.now ?? Date.now)();
    if (this.count === this.items.length) {
      const oldestTime = this.times[this.head] ?? 0;
      if (now - oldestTime < this.opts.freshMs && this.items.length < this.opts.max) this.grow();
      else this.evictOldest();
    }
    const at = (this.head + this.count) % this.items.length;
    this.items[at] = ev;
    this.times[at] = now;
    this.count++;
  }

  /** Events with revision > rev, oldest first; undefined when some of them were evicted. */
  since(rev: number): T[] | undefined {
    if (rev < this.floor) return undefined;
    const out: T[] = [];
    for (let i = 0; i < this.count; i++) {
      const ev = this.items[(this.head + i) % this.items.length];
      if (ev && ev.rev > rev) out.push(ev);
    }
    return out;
  }

  private evictOldest(): void {
    const ev = this.items[this.head];
    if (ev) this.floor = Math.max(this.floor, ev.rev);
    this.items[this.head] = undefined;
    this.head = (this.head + 1) % this.items.length;
    this.count--;
    if (ev) this.evicted?.(ev);
  }

  private grow(): void {
    const size = Math.min(this.opts.max, this.items.length * 2);
    const items = new Array<T | undefined>(size);
    const times = new Array<number>(size).fill(0);
    for (let i = 0; i < this.count; i++) {
      const from = (this.head + i) % this.items.length;
      items[i] = this.items[from];
      times[i] = this.times[from] ?? 0;
    }
    this.items = items;
    this.times = times;
    this.head = 0;
  }
}
