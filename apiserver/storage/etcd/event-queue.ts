/**
 * The buffer between a watch stream and the code iterating the Watcher.
 * Live items are bounded: push() refuses past `max`, so a consumer that stops reading costs at most
 * `max` items of memory and its watch can be ended instead. Initial-state items are not counted:
 * they were already read into memory by the list that produced them.
 */
interface Waiter<T> {
  readonly resolve: (result: IteratorResult<T>) => void;
  readonly reject: (err: Error) => void;
}

export class EventQueue<T> {
  private items: T[] = [];
  private head = 0;
  /** initial-state items still queued; they sit in front of every live item */
  private initialLeft = 0;
  /** consumers waiting in next(), oldest first; only ever non-empty while nothing is queued */
  private waiters: Waiter<T>[] = [];
  private error: Error | undefined;
  private ended = false;

  constructor(private readonly max: number) {}

  /** live items queued */
  get size(): number {
    return this.items.length - this.head - this.initialLeft;
  }

  /** Queue the initial state; call before any push(). */
  pushInitial(items: readonly T[]): void {
    for (const item of items) {
      if (this.offer(item)) continue;
      this.items.push(item);
      this.initialLeft++;
    }
  }

  /** Queue an item; false (and nothing queued) when the buffer is full. */
  push(item: T): boolean {
    if (this.offer(item)) return true;
    if (this.size >= this.max) return false;
    this.items.push(item);
    return true;
  }

  /** End with err once the items already queued have been consumed. */
  fail(err: Error): void {
    if (this.ended || this.error !== undefined) return;
    this.error = err;
    for (const w of this.takeWaiters()) w.reject(err);
  }

  /** End now: queued items are discarded and iteration finishes. */
  end(): void {
    this.ended = true;
    this.items = [];
    this.head = 0;
    this.initialLeft = 0;
    for (const w of this.takeWaiters()) w.resolve({ value: undefined, done: true });
  }

  next(): Promise<IteratorResult<T>> {
    const item = this.take();
    if (item !== undefined) return Promise.resolve({ value: item.value, done: false });
    if (this.ended) return Promise.resolve({ value: undefined, done: true });
    if (this.error !== undefined) return Promise.reject(this.error);
    return new Promise((resolve, reject) => {
      this.waiters.push({ resolve, reject });
    });
  }

  /** Hand item straight to a waiting consumer (only possible when nothing is queued). */
  private offer(item: T): boolean {
    if (this.ended) return true;
    const waiter = this.waiters.shift();
    if (waiter === undefined) return false;
    waiter.resolve({ value: item, done: false });
    return true;
  }

  private take(): { value: T } | undefined {
    if (this.head >= this.items.length) return undefined;
    const value = this.items[this.head] as T;
    this.head++;
    if (this.initialLeft > 0) this.initialLeft--;
    if (this.head === this.items.length) {
      this.items = [];
      this.head = 0;
    } else if (this.head >= 1024 && this.head * 2 >= this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    return { value };
  }

  private takeWaiters(): Waiter<T>[] {
    const waiters = this.waiters;
    this.waiters = [];
    return waiters;
  }
}
