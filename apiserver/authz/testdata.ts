/** Builders for RBAC unit tests: objects, users, and an index holding a given set of objects. */
import type { PolicyRule, Subject } from '../../api/builtin/rbac.js';
import { RBAC_GROUP } from '../../api/builtin/rbac.js';
import type { KubeObject } from '../../api/meta.js';
import type { UserInfo } from '../../api/user.js';
import { RbacIndex } from './rbac-index.js';
import { RBAC_PREFIX } from './rbac-objects.js';
import { RuleResolver } from './rule-resolver.js';
import type { AuthzAttributes } from './types.js';

const API_VERSION = `${RBAC_GROUP}/v1`;

export const user = (username: string, ...groups: string[]): UserInfo => ({
  username,
  groups: [...groups, 'system:authenticated'],
});

export const role = (namespace: string, name: string, rules: PolicyRule[]): KubeObject => ({
  apiVersion: API_VERSION,
  kind: 'Role',
  metadata: { name, namespace },
  rules,
});

export const clusterRole = (
  name: string,
  rules: PolicyRule[],
  extra: { labels?: Record<string, string>; aggregate?: Record<string, string>[] } = {},
): KubeObject => ({
  apiVersion: API_VERSION,
  kind: 'ClusterRole',
  metadata: { name, ...(extra.labels ? { labels: extra.labels } : {}) },
  rules,
  ...(extra.aggregate
    ? { aggregationRule: { clusterRoleSelectors: extra.aggregate.map((m) => ({ matchLabels: m })) } }
    : {}),
});

export const subject = (kind: string, name: string, namespace?: string): Subject => ({
  kind,
  name,
  ...(kind === 'ServiceAccount' ? {} : { apiGroup: RBAC_GROUP }),
  ...(namespace !== undefined ? { namespace } : {}),
});

export const roleBinding = (
  namespace: string,
  name: string,
  ref: { kind: 'Role' | 'ClusterRole'; name: string },
  subjects: Subject[],
): KubeObject => ({
  apiVersion: API_VERSION,
  kind: 'RoleBinding',
  metadata: { name, namespace },
  roleRef: { apiGroup: RBAC_GROUP, ...ref },
  subjects,
});

export const clusterRoleBinding = (name: string, roleName: string, subjects: Subject[]): KubeObject => ({
  apiVersion: API_VERSION,
  kind: 'ClusterRoleBinding',
  metadata: { name },
  roleRef: { apiGroup: RBAC_GROUP, kind: 'ClusterRole', name: roleName },
  subjects,
});

/** The storage key an RBAC object lives under. */
export function rbacKey(obj: KubeObject): string {
  const plural = `${obj.kind.toLowerCase()}s`;
  const ns = obj.metadata.namespace;
  return `${RBAC_PREFIX}${plural}/${ns !== undefined && ns !== '' ? `${ns}/` : ''}${obj.metadata.name ?? ''}`;
}

export function indexOf(objects: readonly KubeObject[]): { index: RbacIndex; resolver: RuleResolver } {
  const index = new RbacIndex();
  index.reset(
    objects.map((o) => ({ key: rbacKey(o), value: JSON.stringify(o) })),
    1,
  );
  return { index, resolver: new RuleResolver(index) };
}

/** Resource-request attributes: `resource` may be "resource/subresource". */
export function request(
  u: UserInfo,
  verb: string,
  groupResource: { group: string; resource: string },
  namespace = '',
  name = '',
): AuthzAttributes {
  const [resource = '', subresource = ''] = groupResource.resource.split('/');
  return {
    user: u,
    verb,
    resourceRequest: true,
    group: groupResource.group,
    version: 'v1',
    resource,
    subresource,
    namespace,
    name,
    path: '',
  };
}

export function nonResource(u: UserInfo, verb: string, path: string): AuthzAttributes {
  const base = { group: '', version: '', resource: '', subresource: '', namespace: '', name: '' };
  return { user: u, verb, resourceRequest: false, path, ...base };
}
