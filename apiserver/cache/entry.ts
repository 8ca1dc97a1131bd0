/**
 * One cached object: its key, where it lives, and its JSON text with metadata.resourceVersion set
 * (exactly what a list or get from storage would render). Only the text is kept; objects are
 * decoded on demand, so 100k objects cost about their JSON size.
 */
import type { KubeObject } from '../../api/meta.js';
import { decode } from '../storage/codec.js';
import type { KeyValue } from '../storage/interface.js';

export interface Entry {
  readonly key: string;
  /** namespace segment of the key ('' for cluster-scoped kinds) */
  readonly namespace: string;
  /** the revision of the last write to the key */
  readonly rev: number;
  /** the object as JSON, resourceVersion = rev */
  readonly json: string;
}

/** The registry's key layout: /registry/<group>/<plural>/[<namespace>/]<name>. */
export interface KeyParts {
  /** /registry/<group>/<plural>/ */
  readonly prefix: string;
  readonly namespace: string;
  readonly name: string;
}

export function splitKey(key: string): KeyParts | undefined {
  const m = /^(\/registry\/[^/]+\/[^/]+\/)(?:([^/]+)\/)?([^/]+)$/.exec(key);
  if (!m?.[1] || !m[3]) return undefined;
  return { prefix: m[1], namespace: m[2] ?? '', name: m[3] };
}

/** How codec.encode starts an object: apiVersion, kind, then metadata. */
const HEAD = /^\{"apiVersion":"(?:[^"\\]|\\.)*","kind":"(?:[^"\\]|\\.)*","metadata":\{/;

/**
 * The stored JSON with metadata.resourceVersion set, without a parse: inserted as the first key
 * of metadata when the text starts as codec.encode writes it and its metadata has no
 * resourceVersion member (a quoted key cannot occur inside a string value, where its quotes are
 * escaped); otherwise decoded and re-encoded.
 */
export function withResourceVersion(kv: Pick<KeyValue, 'value' | 'modRevision'>): string {
  return insertResourceVersion(kv, metadataStart(kv.value));
}

/** Where withResourceVersion inserts into value, -1 when it must decode and re-encode instead. */
function metadataStart(value: string): number {
  const m = HEAD.exec(value);
  if (!m) return -1;
  const at = m[0].length;
  // Events and audit records name other objects' resourceVersions; only metadata's own counts
  return value.includes('"resourceVersion"') && hasMember(value, at, '"resourceVersion"') ? -1 : at;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPENS = new Set([0x7b, 0x5b]); // { [
const CLOSES = new Set([0x7d, 0x5d]); // } ]

/**
 * Whether the object whose members start at `from` (just after its `{`) has the quoted key `key`
 * as a member of its own, not of a nested value; true also for text that ends inside it. A scan
 * of character codes: it runs on every Event and audit record the cache takes in, and allocates
 * nothing.
 */
export function hasMember(value: string, from: number, key: string): boolean {
  let depth = 1;
  for (let i = from; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c === QUOTE) {
      const start = i;
      for (i++; i < value.length; i++) {
        const d = value.charCodeAt(i);
        if (d === BACKSLASH) i++;
        else if (d === QUOTE) break;
      }
      const isKey = i - start + 1 === key.length && value.charCodeAt(i + 1) === 0x3a; // ':'
      if (depth === 1 && isKey && value.startsWith(key, start)) return true;
    } else if (OPENS.has(c)) depth++;
    else if (CLOSES.has(c) && --depth === 0) return false;
  }
  return true;
}

function insertResourceVersion(kv: Pick<KeyValue, 'value' | 'modRevision'>, at: number): string {
  if (at < 0) return JSON.stringify(decode(kv));
  const rv = `"resourceVersion":"${String(kv.modRevision)}"`;
  return kv.value.slice(0, at) + rv + (kv.value[at] === '}' ? '' : ',') + kv.value.slice(at);
}

export function entryOf(kv: KeyValue, namespace: string): Entry {
  return { key: kv.key, namespace, rev: kv.modRevision, json: withResourceVersion(kv) };
}

/** A fresh (unshared) decoding of the entry. */
export function decodeEntry(e: Entry): KubeObject {
  return JSON.parse(e.json) as KubeObject;
}

/** Reads a key's value as written at a revision (Storage.valueAt). */
export type ValueAt = (key: string, rev: number) => string | undefined;

/**
 * An Entry that holds only where its text is: the text is read from storage on every access (a
 * mapped file on the embedded store), so the cache's resident objects cost their keys, not their
 * texts. The version must stay readable while the entry is cached: storage compacts only
 * revisions older than the cache has applied (the compactor runs minutes behind).
 */
class StoredEntry implements Entry {
  /** metadataStart of the text (a stored version never changes), once read */
  private at: number | undefined;

  constructor(
    readonly key: string,
    readonly namespace: string,
    readonly rev: number,
    private readonly valueAt: ValueAt,
  ) {}

  get json(): string {
    const value = this.valueAt(this.key, this.rev);
    if (value === undefined)
      throw new Error(`watch cache: ${this.key} at revision ${String(this.rev)} is no longer in storage`);
    this.at ??= metadataStart(value);
    return insertResourceVersion({ value, modRevision: this.rev }, this.at);
  }
}

/** What a resource holds of its objects: their texts, or only where to read them. */
export interface Keeper {
  /** the entry held for an object of the initial list */
  load(kv: KeyValue, namespace: string): Entry;
  /** the entry held for an object of the initial list, known by where it is only (no text) */
  loadLocation?(key: string, modRevision: number, namespace: string): Entry;
  /** the entry held for an object a change wrote */
  keep(e: Entry): Entry;
  /**
   * An entry the resource no longer holds and no event in its ring names (superseded or deleted):
   * what it points to may go once no earlier reader can still be reading it.
   */
  retire?(e: Entry): void;
}

export const keepTexts: Keeper = { load: entryOf, keep: (e) => e };

export function keepLocations(valueAt: ValueAt): Keeper {
  return {
    load: (kv, namespace) => new StoredEntry(kv.key, namespace, kv.modRevision, valueAt),
    loadLocation: (key, modRevision, namespace) => new StoredEntry(key, namespace, modRevision, valueAt),
    keep: (e) => (e instanceof StoredEntry ? e : new StoredEntry(e.key, e.namespace, e.rev, valueAt)),
  };
}
