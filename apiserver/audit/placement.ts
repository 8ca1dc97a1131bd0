/**
 * Where an AuditEvent object lives: the namespace of the organization the request targeted (an
 * Organization's own name for requests on it), else orgplane-system, which the audit writer
 * creates when it is missing. A namespace that does not exist sends events there too; a
 * terminating one still takes them (AuditEvents outlive their namespace, see namespace-finalizer).
 */
import { randomUUID } from 'node:crypto';
import type { KubeObject } from '../../api/meta.js';
import { namespaceHooks } from '../kinds/namespace.js';
import { encode } from '../storage/codec.js';
import { objectKey } from '../registry/keys.js';
import { timestamp } from '../registry/strategy.js';
import { isStorageError } from '../storage/errors.js';
import type { KeyValue, Storage } from '../storage/interface.js';
import type { AuditRecord } from './types.js';

export const SYSTEM_NAMESPACE = 'orgplane-system';

const NAMESPACES = { group: '', plural: 'namespaces', namespaced: false } as const;

export const namespaceKey = (name: string): string => objectKey(NAMESPACES, '', name);

/** The namespace a record belongs in, before checking that it exists. */
export function targetNamespace(record: AuditRecord): string {
  const ref = record.objectRef;
  if (ref?.namespace !== undefined && ref.namespace !== '') return ref.namespace;
  if (
    ref?.apiGroup === 'orgplane.io' &&
    ref.resource === 'organizations' &&
    ref.name !== undefined &&
    ref.name !== ''
  )
    return ref.name;
  return SYSTEM_NAMESPACE;
}

/** Create the orgplane-system namespace unless it exists; returns its current key-value. */
export async function ensureSystemNamespace(storage: Storage, now: Date = new Date()): Promise<KeyValue> {
  const key = namespaceKey(SYSTEM_NAMESPACE);
  const existing = await storage.get(key);
  if (existing) return existing;
  const ns: KubeObject = {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: { name: SYSTEM_NAMESPACE, uid: randomUUID(), creationTimestamp: timestamp(now), generation: 1 },
    spec: {},
  };
  namespaceHooks.prepareForCreate?.(ns);
  try {
    return await storage.create(key, encode(ns));
  } catch (err) {
    if (!isStorageError(err, 'KeyExists')) throw err;
    const kv = await storage.get(key);
    if (!kv) throw err;
    return kv;
  }
}
