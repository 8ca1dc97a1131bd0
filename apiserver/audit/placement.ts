/**
 * Where an AuditEvent object lives: the namespace of the object the request targeted (the name of
 * an object whose kind owns a namespace, an Organization, for requests on it), else orgplane-system, which the audit writer
 * creates when it is missing. A namespace that does not exist sends events there too; a
 * terminating one still takes them (AuditEvents outlive their namespace, see namespace-finalizer).
 */
import { hasCode, SYSTEM_APISERVER, systemWrite, type SystemClient } from '../registry/system.js';
import type { Incarnation } from '../registry/internal.js';
import { NAMESPACES } from '../registry/keys.js';
import type { AuditRecord } from './types.js';

export const SYSTEM_NAMESPACE = 'orgplane-system';

/** The namespace a record belongs in, before checking that it exists. */
export function targetNamespace(
  record: AuditRecord,
  client: Pick<SystemClient, 'catalog' | 'strategy'>,
): string {
  const ref = record.objectRef;
  if (ref?.namespace !== undefined && ref.namespace !== '') return ref.namespace;
  if (ref?.name === undefined || ref.name === '' || ref.resource === undefined) return SYSTEM_NAMESPACE;
  const res = client.catalog.lookupResource(ref.apiGroup ?? '', ref.resource);
  return res && client.strategy(res).ownsNamespace === true ? ref.name : SYSTEM_NAMESPACE;
}

/**
 * Create the orgplane-system namespace unless it exists (a store create as the API server itself,
 * through the whole write pipeline); returns its current incarnation.
 */
export async function ensureSystemNamespace(client: SystemClient): Promise<Incarnation> {
  const existing = await client.internal.incarnation(NAMESPACES, '', SYSTEM_NAMESPACE);
  if (existing) return existing;
  const res = client.catalog.lookup('', 'v1', 'namespaces');
  if (!res) throw new Error('namespaces are not served');
  const ns = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: SYSTEM_NAMESPACE }, spec: {} };
  try {
    await client.store(res).create('', ns, systemWrite(SYSTEM_APISERVER, 'orgplane-audit'));
  } catch (err) {
    if (!hasCode(err, 409)) throw err;
  }
  const created = await client.internal.incarnation(NAMESPACES, '', SYSTEM_NAMESPACE);
  if (!created) throw new Error(`namespace ${SYSTEM_NAMESPACE} was deleted as it was created`);
  return created;
}
