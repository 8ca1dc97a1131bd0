/**
 * PartialObjectMetadata conversion (Accept `as=PartialObjectMetadata[List];g=meta.k8s.io;v=v1`),
 * as kube's meta.AsPartialObjectMetadata does: the object's whole metadata, nothing else.
 */
import { isObject } from '../../api/json.js';
import type { ListMeta, ObjectMeta } from '../../api/meta.js';
import type { MetaVersion, PartialObjectMetadata, PartialObjectMetadataList } from './types.js';

function metadataOf(obj: unknown): ObjectMeta {
  if (typeof obj !== 'object' || obj === null) return {};
  const meta = (obj as { metadata?: unknown }).metadata;
  return isObject(meta) ? meta : {};
}

/** One object's metadata as a PartialObjectMetadata (tolerates malformed objects). */
export function toPartialObjectMetadata(obj: unknown, version: MetaVersion = 'v1'): PartialObjectMetadata {
  return { kind: 'PartialObjectMetadata', apiVersion: `meta.k8s.io/${version}`, metadata: metadataOf(obj) };
}

/** A list's items as a PartialObjectMetadataList; each item carries its kind and apiVersion. */
export function toPartialObjectMetadataList(
  items: readonly unknown[],
  listMeta: ListMeta,
  version: MetaVersion = 'v1',
): PartialObjectMetadataList {
  return {
    kind: 'PartialObjectMetadataList',
    apiVersion: `meta.k8s.io/${version}`,
    metadata: { ...listMeta },
    items: items.map((i) => toPartialObjectMetadata(i, version)),
  };
}
