/**
 * The resources controllers speak to, as group/version/plural (no discovery needed), and object
 * keys ("namespace/name", or "name" for cluster-scoped objects) as client-go's MetaNamespaceKeyFunc.
 */
import type { KubeObject } from '../../api/meta.js';

export interface ResourceType {
  readonly group: string; // '' for core
  readonly version: string;
  readonly plural: string;
  readonly kind: string;
  readonly namespaced: boolean;
}

export const ORGANIZATIONS: ResourceType = {
  group: 'orgplane.io',
  version: 'v1alpha1',
  plural: 'organizations',
  kind: 'Organization',
  namespaced: false,
};
export const AGENTS: ResourceType = {
  group: 'orgplane.io',
  version: 'v1alpha1',
  plural: 'agents',
  kind: 'Agent',
  namespaced: true,
};
export const TEAMS: ResourceType = {
  group: 'orgplane.io',
  version: 'v1alpha1',
  plural: 'teams',
  kind: 'Team',
  namespaced: true,
};
export const GROUPS: ResourceType = {
  group: 'orgplane.io',
  version: 'v1alpha1',
  plural: 'groups',
  kind: 'Group',
  namespaced: true,
};
export const ORGANIZATION_TEMPLATES: ResourceType = {
  group: 'orgplane.io',
  version: 'v1alpha1',
  plural: 'organizationtemplates',
  kind: 'OrganizationTemplate',
  namespaced: false,
};
export const NAMESPACES: ResourceType = {
  group: '',
  version: 'v1',
  plural: 'namespaces',
  kind: 'Namespace',
  namespaced: false,
};
export const EVENTS: ResourceType = {
  group: '',
  version: 'v1',
  plural: 'events',
  kind: 'Event',
  namespaced: true,
};
export const SECRETS: ResourceType = {
  group: '',
  version: 'v1',
  plural: 'secrets',
  kind: 'Secret',
  namespaced: true,
};
export const CONFIG_MAPS: ResourceType = {
  group: '',
  version: 'v1',
  plural: 'configmaps',
  kind: 'ConfigMap',
  namespaced: true,
};
export const LEASES: ResourceType = {
  group: 'coordination.k8s.io',
  version: 'v1',
  plural: 'leases',
  kind: 'Lease',
  namespaced: true,
};
export const ROLE_BINDINGS: ResourceType = {
  group: 'rbac.authorization.k8s.io',
  version: 'v1',
  plural: 'rolebindings',
  kind: 'RoleBinding',
  namespaced: true,
};

export function apiVersion(res: ResourceType): string {
  return res.group === '' ? res.version : `${res.group}/${res.version}`;
}

/** "agents.orgplane.io", or "namespaces" for the core group. */
export function groupResource(res: ResourceType): string {
  return res.group === '' ? res.plural : `${res.plural}.${res.group}`;
}

/** The URL path of a collection (no name) or of one object, optionally a subresource. */
export function resourcePath(
  res: ResourceType,
  target: {
    readonly namespace?: string | undefined;
    readonly name?: string;
    readonly subresource?: string;
  } = {},
): string {
  let path = res.group === '' ? `/api/${res.version}` : `/apis/${res.group}/${res.version}`;
  if (res.namespaced && target.namespace) path += `/namespaces/${encodeURIComponent(target.namespace)}`;
  path += `/${res.plural}`;
  if (target.name !== undefined) path += `/${encodeURIComponent(target.name)}`;
  if (target.subresource !== undefined) path += `/${target.subresource}`;
  return path;
}

export function objectKey(obj: KubeObject): string {
  const ns = obj.metadata.namespace;
  const name = obj.metadata.name ?? '';
  return ns ? `${ns}/${name}` : name;
}

export function splitKey(key: string): { namespace?: string; name: string } {
  const i = key.indexOf('/');
  return i < 0 ? { name: key } : { namespace: key.slice(0, i), name: key.slice(i + 1) };
}
