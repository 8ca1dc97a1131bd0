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
 * of metadata when the text starts as codec.encode writes it and carries no resourceVersion key
 * (a quoted key cannot occur inside a string value, where its quotes are escaped); otherwise
 * decoded and re-encoded.
 */
export function withResourceVersion(kv: Pick<KeyValue, 'value' | 'modRevision'>): string {
  const m = kv.value.includes('"resourceVersion"') ? null : HEAD.exec(kv.value);
  if (!m) return JSON.stringify(decode(kv));
  const at = m[0].length;
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

/** The entry as a DELETED event shows it: its last state at the delete's revision. */
export function deletedObject(e: Entry, revision: number): KubeObject {
  const obj = decodeEntry(e);
  obj.metadata.resourceVersion = String(revision);
  return obj;
}
