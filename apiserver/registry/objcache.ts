/**
 * Decoded objects by (key, modRevision), with their JSON rendering. A stored revision never
 * changes, so entries never go stale; the oldest are evicted past `max`. Objects handed out are
 * shared and frozen: callers that want to change one clone it first.
 */
import type { KubeObject } from '../../api/meta.js';
import type { KeyValue } from '../storage/interface.js';
import { decode } from '../storage/codec.js';

export interface CachedObject {
  readonly obj: KubeObject;
  /** JSON.stringify(obj) */
  readonly json: string;
}

function deepFreeze<T>(v: T): T {
  if (typeof v === 'object' && v !== null && !Object.isFrozen(v)) {
    Object.freeze(v);
    for (const child of Object.values(v)) deepFreeze(child);
  }
  return v;
}

export class ObjectCache {
  private readonly entries = new Map<string, CachedObject & { readonly rev: number }>();

  constructor(private readonly max = 50_000) {}

  decode(kv: KeyValue): CachedObject {
    const hit = this.entries.get(kv.key);
    if (hit?.rev === kv.modRevision) return hit;
    const obj = deepFreeze(decode(kv));
    const entry = { obj, json: JSON.stringify(obj), rev: kv.modRevision };
    if (hit) this.entries.delete(kv.key);
    this.entries.set(kv.key, entry);
    if (this.entries.size > this.max) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    return entry;
  }
}
