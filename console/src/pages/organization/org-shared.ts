/**
 * One feed per key shared by every subscriber (the organization page's header and its tab read the
 * same Organization): started by the first subscriber, stopped (its signal aborted) when the last
 * one leaves. A subscriber is given the feed's current value at once, then every new one. Sharing
 * matters because the console speaks HTTP/1.1, where the browser keeps at most 6 connections per
 * server and each watch holds one.
 */
export type Start<T> = (key: string, signal: AbortSignal, publish: (value: T) => void) => void;

interface Feed<T> {
  value: T;
  readonly subscribers: Set<(value: T) => void>;
  readonly abort: AbortController;
}

export class SharedFeeds<T> {
  private readonly feeds = new Map<string, Feed<T>>();

  constructor(
    private readonly start: Start<T>,
    private readonly initial: T,
  ) {}

  /** The current value of `key`'s feed (the initial value when none runs). */
  current(key: string): T {
    return this.feeds.get(key)?.value ?? this.initial;
  }

  /** Calls fn with the current value and each later one; returns the unsubscribe. */
  subscribe(key: string, fn: (value: T) => void): () => void {
    let feed = this.feeds.get(key);
    if (!feed) {
      const created: Feed<T> = { value: this.initial, subscribers: new Set(), abort: new AbortController() };
      this.feeds.set(key, created);
      this.start(key, created.abort.signal, (value) => {
        created.value = value;
        for (const s of created.subscribers) s(value);
      });
      feed = created;
    }
    const f = feed;
    f.subscribers.add(fn);
    fn(f.value);
    return () => {
      f.subscribers.delete(fn);
      if (f.subscribers.size > 0 || this.feeds.get(key) !== f) return;
      this.feeds.delete(key);
      f.abort.abort();
    };
  }
}
