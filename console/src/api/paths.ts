/** URLs the console calls and shows: API paths (under /console/api) and its own page paths. */
export const API_BASE = '/console/api';

export interface ResourceRef {
  /** '' for the core group */
  readonly group: string;
  readonly version: string;
  /** the plural, e.g. 'agents' */
  readonly resource: string;
}

export const ORGANIZATIONS: ResourceRef = {
  group: 'orgplane.io',
  version: 'v1alpha1',
  resource: 'organizations',
};
export const AGENTS: ResourceRef = { group: 'orgplane.io', version: 'v1alpha1', resource: 'agents' };
export const TEAMS: ResourceRef = { group: 'orgplane.io', version: 'v1alpha1', resource: 'teams' };
export const GROUPS: ResourceRef = { group: 'orgplane.io', version: 'v1alpha1', resource: 'groups' };
export const AUDIT_EVENTS: ResourceRef = {
  group: 'orgplane.io',
  version: 'v1alpha1',
  resource: 'auditevents',
};
export const ROLE_BINDINGS: ResourceRef = {
  group: 'rbac.authorization.k8s.io',
  version: 'v1',
  resource: 'rolebindings',
};
export const EVENTS: ResourceRef = { group: '', version: 'v1', resource: 'events' };
export const SECRETS: ResourceRef = { group: '', version: 'v1', resource: 'secrets' };
export const CONFIG_MAPS: ResourceRef = { group: '', version: 'v1', resource: 'configmaps' };
export const NAMESPACES: ResourceRef = { group: '', version: 'v1', resource: 'namespaces' };

const seg = encodeURIComponent;

/** The API path of a collection or an object: /api/v1/... for core, /apis/<group>/<version>/... */
export function resourcePath(
  ref: ResourceRef,
  where: { readonly namespace?: string; readonly name?: string; readonly subresource?: string } = {},
): string {
  const base = ref.group === '' ? `/api/${ref.version}` : `/apis/${ref.group}/${ref.version}`;
  const ns =
    where.namespace !== undefined && where.namespace !== '' ? `/namespaces/${seg(where.namespace)}` : '';
  const name = where.name !== undefined ? `/${seg(where.name)}` : '';
  const sub = where.name !== undefined && where.subresource !== undefined ? `/${seg(where.subresource)}` : '';
  return `${base}${ns}/${ref.resource}${name}${sub}`;
}

/** `path` with a query string of the defined, non-empty parameters. */
export function withQuery(path: string, query: Readonly<Record<string, string | undefined>>): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== '') params.set(k, v);
  const q = params.toString();
  return q === '' ? path : `${path}?${q}`;
}

/** Pages of the console. */
export const pages = {
  organizations: (): string => '/console/',
  organization: (name: string): string => `/console/organizations/${seg(name)}`,
  agent: (org: string, namespace: string, agent: string): string =>
    `/console/organizations/${seg(org)}/agents/${seg(namespace)}/${seg(agent)}`,
};

/**
 * `resource` as kubectl auth can-i takes it, "plural[.group][/subresource]" (agents.orgplane.io,
 * rolebindings.rbac.authorization.k8s.io, organizations.orgplane.io/status, namespaces).
 */
export function parseResource(resource: string): { group: string; resource: string; subresource: string } {
  const [main = '', subresource = ''] = resource.split('/', 2);
  const dot = main.indexOf('.');
  return dot < 0
    ? { group: '', resource: main, subresource }
    : { group: main.slice(dot + 1), resource: main.slice(0, dot), subresource };
}
