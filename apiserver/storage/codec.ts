/**
 * How objects are stored (kube's storage APIObjectVersioner): JSON without resourceVersion; reads
 * set metadata.resourceVersion from the key's modRevision, so stored bytes never carry a stale
 * version. Used by the registry and the watch cache alike.
 */
import type { KubeObject } from '../../api/meta.js';
import type { KeyValue } from './interface.js';

export function encode(obj: KubeObject): string {
  const { resourceVersion: _rv, ...meta } = obj.metadata;
  return JSON.stringify({ ...obj, metadata: meta });
}

/**
 * The stored object with metadata.resourceVersion set, as the first key of metadata (where the
 * watch cache's entry.withResourceVersion places it without a parse, so every path renders the
 * same bytes).
 */
export function decode(kv: Pick<KeyValue, 'value' | 'modRevision'>, revision = kv.modRevision): KubeObject {
  const obj = JSON.parse(kv.value) as KubeObject;
  const rv = String(revision);
  obj.metadata = { resourceVersion: rv, ...obj.metadata };
  obj.metadata.resourceVersion = rv;
  return obj;
}

/**
 * What `decode` gives for the text `encode(obj)` written at `revision`, without that round trip:
 * a copy of `obj` down to metadata (deeper values are shared), resourceVersion first in metadata.
 * Differs from the round trip only where JSON drops or rewrites values (undefined members), which
 * no rendering of the object shows.
 */
export function asStored(obj: KubeObject, revision: number): KubeObject {
  const { resourceVersion: _rv, ...meta } = obj.metadata;
  return { ...obj, metadata: { resourceVersion: String(revision), ...meta } };
}

/** Parse a resourceVersion string; undefined when empty, NaN-free. */
export function parseResourceVersion(rv: string | undefined): number | undefined {
  if (rv === undefined || rv === '') return undefined;
  if (!/^\d{1,16}$/.test(rv)) return -1;
  return Number(rv);
}
