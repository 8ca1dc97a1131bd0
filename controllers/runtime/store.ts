/**
 * An informer's cache (client-go's thread-safe store with the namespace indexer): objects by key
 * ("ns/name" or "name") and by namespace, so listing one namespace costs the objects of that
 * namespace only. Holds whatever it is given; the informer freezes objects before storing them.
 */
import type { KubeObject } from '../../api/meta.js';
import { objectKey } from './resources.js';

export class IndexedStore<T extends KubeObject> {
  private readonly byKey = new Map<string, T>();
  private readonly byNamespace = new Map<string, Map<string, T>>();

  get size(): number {
    return this.byKey.size;
  }

  get(key: string): T | undefined {
    return this.byKey.get(key);
  }

  has(key: string): boolean {
    return this.byKey.has(key);
  }

  set(obj: T): void {
    const key = objectKey(obj);
    this.byKey.set(key, obj);
    const ns = obj.metadata.namespace ?? '';
    let bucket = this.byNamespace.get(ns);
    if (!bucket) this.byNamespace.set(ns, (bucket = new Map<string, T>()));
    bucket.set(key, obj);
  }

  delete(key: string): void {
    const obj = this.byKey.get(key);
    if (!obj) return;
    this.byKey.delete(key);
    const ns = obj.metadata.namespace ?? '';
    const bucket = this.byNamespace.get(ns);
    bucket?.delete(key);
    if (bucket?.size === 0) this.byNamespace.delete(ns);
  }

  /** Objects of one namespace (from the index), or every object. */
  list(namespace?: string): T[] {
    if (namespace === undefined) return [...this.byKey.values()];
    return [...(this.byNamespace.get(namespace)?.values() ?? [])];
  }

  entries(): IterableIterator<[string, T]> {
    return this.byKey.entries();
  }

  values(): IterableIterator<T> {
    return this.byKey.values();
  }
}
