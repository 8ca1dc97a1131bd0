/**
 * An in-memory index of the objects under one key prefix, fed by rbac-sync.ts: a fresh list
 * replaces everything at once (synchronously: no reader sees a half state), then each watch event
 * updates one key. Subclasses say how a key is stored, dropped and cleared.
 */
import type { RecordEvent } from '../registry/internal.js';
import type { SyncedIndex } from './rbac-sync.js';

export abstract class KeyedIndex implements SyncedIndex {
  /** the storage revision the index reflects */
  revision = 0;

  reset(items: Iterable<{ readonly key: string; readonly value: string }>, revision: number): void {
    this.clear();
    for (const kv of items) this.put(kv.key, kv.value);
    this.revision = revision;
  }

  apply(ev: Pick<RecordEvent, 'type' | 'key' | 'revision' | 'record'>): void {
    if (ev.type === 'delete') this.drop(ev.key);
    else this.put(ev.key, ev.record.value);
    this.revision = Math.max(this.revision, ev.revision);
  }

  protected abstract clear(): void;
  protected abstract put(key: string, value: string): void;
  /** the object at `key` was deleted */
  protected abstract drop(key: string): void;
}
