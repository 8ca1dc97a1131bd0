/**
 * Watches, through the registry, on the kinds of which a terminating namespace still holds
 * objects (those waiting on finalizers): any change to one of them wakes the namespace, so its
 * deletion finishes as soon as the last object goes rather than at the next retry. At most one
 * watch per namespace and kind; a watch that ends is dropped, and the namespace's next pass (its
 * retry backoff) opens it again.
 */
import type winston from 'winston';
import type { Store } from '../registry/store.js';
import type { ObjectWatch } from '../registry/watch.js';

const all = (): boolean => true;

export class ContentWatches {
  private readonly byNamespace = new Map<string, Map<string, ObjectWatch>>();

  constructor(
    private readonly wake: (namespace: string) => void,
    private readonly logger: winston.Logger,
  ) {}

  /** Follow `store`'s objects in `namespace` after `resourceVersion` (the list that found them). */
  ensure(namespace: string, store: Store, resourceVersion: string | undefined): void {
    let watches = this.byNamespace.get(namespace);
    if (!watches) this.byNamespace.set(namespace, (watches = new Map<string, ObjectWatch>()));
    const kind = `${store.res.group}/${store.res.plural}`;
    if (watches.has(kind)) return;
    const w = store.watch({ namespace, filter: all, resourceVersion });
    watches.set(kind, w);
    void this.run(namespace, kind, w, watches);
  }

  private async run(
    namespace: string,
    kind: string,
    w: ObjectWatch,
    watches: Map<string, ObjectWatch>,
  ): Promise<void> {
    try {
      for await (const ev of w) {
        if (ev.type === 'ERROR') throw new Error(`watch error: ${JSON.stringify(ev.object)}`);
        if (ev.type !== 'BOOKMARK') this.wake(namespace);
      }
    } catch (err) {
      this.logger.warn('namespace content watch failed', { namespace, kind, error: String(err) });
    } finally {
      if (watches.get(kind) === w) watches.delete(kind);
    }
  }

  /** Stop following `namespace` (finished or gone). */
  release(namespace: string): void {
    for (const w of this.byNamespace.get(namespace)?.values() ?? []) w.stop();
    this.byNamespace.delete(namespace);
  }

  stop(): void {
    for (const ns of [...this.byNamespace.keys()]) this.release(ns);
  }
}
