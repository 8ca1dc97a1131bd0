import type { WatchEvent, Watcher } from '../../apiserver/storage/interface.js';

const iterators = new WeakMap<Watcher, AsyncIterator<WatchEvent>>();
/** a next() still outstanding after a timeout, consumed by the following call */
const pending = new WeakMap<Watcher, Promise<IteratorResult<WatchEvent>>>();

function iteratorOf(w: Watcher): AsyncIterator<WatchEvent> {
  let it = iterators.get(w);
  if (it === undefined) {
    it = w[Symbol.asyncIterator]();
    iterators.set(w, it);
  }
  return it;
}

/** The next iteration result, or an Error naming what we waited for when timeoutMs passes. */
async function nextWithin(w: Watcher, timeoutMs: number, what: string): Promise<IteratorResult<WatchEvent>> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`));
    }, timeoutMs);
  });
  const next = pending.get(w) ?? iteratorOf(w).next();
  pending.set(w, next);
  try {
    const result = await Promise.race([next, timeout]);
    pending.delete(w);
    return result;
  } catch (err) {
    if (!(err instanceof Error && err.message.startsWith('timed out'))) pending.delete(w);
    throw err;
  } finally {
    clearTimeout(timer);
  }
}

/** Exactly n events; fails if the watch ends or stalls for timeoutMs first. */
export async function take(w: Watcher, n: number, timeoutMs = 10_000): Promise<WatchEvent[]> {
  const events: WatchEvent[] = [];
  while (events.length < n) {
    const r = await nextWithin(w, timeoutMs, `event ${events.length + 1} of ${n}`);
    if (r.done === true) throw new Error(`watch ended after ${events.length} of ${n} events`);
    events.push(r.value);
  }
  return events;
}

/** Read until the watch ends: the events seen and the error it ended with (undefined: ended cleanly). */
export async function drain(
  w: Watcher,
  timeoutMs = 10_000,
): Promise<{ events: WatchEvent[]; error: unknown }> {
  const events: WatchEvent[] = [];
  try {
    for (;;) {
      const r = await nextWithin(w, timeoutMs, 'the watch to end');
      if (r.done === true) return { events, error: undefined };
      events.push(r.value);
    }
  } catch (error) {
    if (error instanceof Error && error.message.startsWith('timed out')) throw error;
    return { events, error };
  }
}

/** Nothing more arrives within ms (the watch stays open and silent). */
export async function expectQuiet(w: Watcher, ms = 300): Promise<void> {
  try {
    const r = await nextWithin(w, ms, 'silence');
    throw new Error(`expected no event, got ${JSON.stringify(r)}`);
  } catch (err) {
    if (!(err instanceof Error && err.message.startsWith('timed out'))) throw err;
  }
}

/** Run fn over items with at most `limit` calls in flight; results in input order. */
export async function pool<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
