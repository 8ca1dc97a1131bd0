/**
 * The FakeClient's open watches: who watches which resource (and namespace), the events its
 * writes emit to them (each a copy), and the test hooks that send events or end watches.
 */
import type { KubeObject, WatchEvent } from '../../api/meta.js';
import type { ResourceType } from '../runtime/resources.js';

export interface Watcher {
  readonly res: ResourceType;
  readonly namespace: string | undefined;
  readonly onEvent: (e: WatchEvent<KubeObject>) => void;
  readonly onDone: (err?: unknown) => void;
}

export const typeKey = (res: ResourceType): string => `${res.group}/${res.plural}`;

export class FakeWatchers {
  private readonly open = new Set<Watcher>();

  /** the open watches of res, as the set holds them now (one stopped meanwhile is skipped) */
  private *of(res: ResourceType): Generator<Watcher> {
    for (const w of this.open) if (typeKey(w.res) === typeKey(res)) yield w;
  }

  /** Registers w; its handle's stop ends it (once) with a clean onDone. */
  add(w: Watcher): { stop(): void } {
    this.open.add(w);
    return {
      stop: () => {
        if (this.open.delete(w)) w.onDone();
      },
    };
  }

  /** A write's event, to every watcher of res in the object's namespace (or of all). */
  emit(res: ResourceType, type: WatchEvent['type'], obj: KubeObject): void {
    for (const w of this.of(res))
      if (w.namespace === undefined || w.namespace === obj.metadata.namespace)
        w.onEvent({ type, object: structuredClone(obj) });
  }

  /** Sends an event (e.g. ERROR with a 410 Status) to every watcher of res. */
  send(res: ResourceType, event: WatchEvent<KubeObject>): void {
    for (const w of this.of(res)) w.onEvent(event);
  }

  /** Ends every watch of res (with err, or cleanly as a server timeout). */
  end(res: ResourceType, err?: unknown): void {
    for (const w of [...this.of(res)]) {
      this.open.delete(w);
      w.onDone(err);
    }
  }

  count(res: ResourceType): number {
    return [...this.of(res)].length;
  }
}
