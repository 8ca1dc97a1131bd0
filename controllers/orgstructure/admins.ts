/**
 * Organization spec.admins as one RoleBinding, `organization-admins` in the organization's
 * namespace, binding ClusterRole org-admin to exactly those users (owned by the Organization).
 * No admins: a binding the Organization owns is deleted.
 */
import type { KubeObject } from '../../api/meta.js';
import type { ApiClient } from '../runtime/client.js';
import { ignoreNotFound } from '../runtime/errors.js';
import type { Lister } from '../runtime/lister.js';
import { ROLE_BINDINGS, apiVersion } from '../runtime/resources.js';
import { ADMINS_BINDING } from '../names.js';
import type { Organization } from '../types.js';
import { ownerOf } from './template.js';

const RBAC = 'rbac.authorization.k8s.io';
const ROLE_REF = { apiGroup: RBAC, kind: 'ClusterRole', name: 'org-admin' };

export async function syncAdmins(
  client: ApiClient,
  bindings: Lister<KubeObject>,
  org: Organization,
): Promise<void> {
  const ns = org.metadata.name ?? '';
  const admins = [...new Set(org.spec?.admins ?? [])].sort();
  const current = bindings.get(ADMINS_BINDING, ns);
  const owned = current?.metadata.ownerReferences?.some((r) => r.uid === org.metadata.uid) === true;
  if (admins.length === 0) {
    if (current && owned) await client.delete(ROLE_BINDINGS, ADMINS_BINDING, ns).catch(ignoreNotFound);
    return;
  }
  const subjects = admins.map((name) => ({ apiGroup: RBAC, kind: 'User', name }));
  if (current && JSON.stringify(current.roleRef) !== JSON.stringify(ROLE_REF)) {
    await client.delete(ROLE_BINDINGS, ADMINS_BINDING, ns).catch(ignoreNotFound);
    return;
  }
  if (!current) {
    await client.create(ROLE_BINDINGS, {
      apiVersion: apiVersion(ROLE_BINDINGS),
      kind: 'RoleBinding',
      metadata: { name: ADMINS_BINDING, namespace: ns, ownerReferences: [ownerOf(org)] },
      roleRef: ROLE_REF,
      subjects,
    });
    return;
  }
  if (JSON.stringify(current.subjects) === JSON.stringify(subjects)) return;
  await client.update(ROLE_BINDINGS, { ...structuredClone(current), subjects });
}
