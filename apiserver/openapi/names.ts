/**
 * Names as kube publishes them: schema definition names, operation ids, tags and document paths.
 */
import type { Dialect, OpenAPISchema } from './types.js';

export const META_PREFIX = 'io.k8s.apimachinery.pkg.apis.meta.v1.';

/** The meta/v1 definitions every document carries. */
export const META = {
  objectMeta: `${META_PREFIX}ObjectMeta`,
  listMeta: `${META_PREFIX}ListMeta`,
  status: `${META_PREFIX}Status`,
  deleteOptions: `${META_PREFIX}DeleteOptions`,
  patch: `${META_PREFIX}Patch`,
} as const;

export interface KindName {
  readonly group: string;
  readonly version: string;
  readonly builtin: boolean;
}

/**
 * The definition name of a kind: `io.orgplane.v1alpha1.Agent` for a custom group (the group in
 * reverse-domain order); Go package paths for built-ins (`io.k8s.api.core.v1.Namespace`,
 * `io.k8s.api.rbac.v1.Role`, `io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1...`).
 */
export function definitionName(r: KindName, kind: string): string {
  const { group, version } = r;
  if (group === '') return `io.k8s.api.core.${version}.${kind}`;
  if (r.builtin && group === 'apiextensions.k8s.io') {
    return `io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.${version}.${kind}`;
  }
  if (r.builtin) {
    const pkg = group.endsWith('.k8s.io') ? (group.split('.')[0] ?? group) : group;
    return `io.k8s.api.${pkg}.${version}.${kind}`;
  }
  return `${group.split('.').reverse().join('.')}.${version}.${kind}`;
}

/** kube's ToValidOperationID: drop non-letters, capitalising the letter after each. */
export function toOperationIdPart(s: string, capitalizeFirst: boolean): string {
  let out = '';
  let capitalize = capitalizeFirst;
  for (let i = 0; i < s.length; i++) {
    const ch = s.charAt(i);
    if (/\p{L}|_/u.test(ch) || (i !== 0 && /\d/.test(ch))) {
      out += capitalize ? ch.toUpperCase() : ch;
      capitalize = false;
    } else {
      capitalize = true;
    }
  }
  return out;
}

function groupPart(group: string): string {
  return group === '' ? 'core' : group.replace(/\.k8s\.io$/, '');
}

/** e.g. ("patch", "orgplane.io", "v1alpha1", "NamespacedAgentStatus") → patchOrgplaneIoV1alpha1NamespacedAgentStatus */
export function operationId(verb: string, group: string, version: string, rest: string): string {
  return verb + toOperationIdPart(groupPart(group), true) + toOperationIdPart(version, true) + rest;
}

/** e.g. "orgplaneIo_v1alpha1", "core_v1", "rbacAuthorization_v1". */
export function operationTag(group: string, version: string): string {
  return `${toOperationIdPart(groupPart(group), false)}_${toOperationIdPart(version, false)}`;
}

/** The URL prefix of a group-version: "/api/v1" or "/apis/orgplane.io/v1alpha1". */
export function groupVersionPrefix(group: string, version: string): string {
  return group === '' ? `/api/${version}` : `/apis/${group}/${version}`;
}

/** The key of a group-version in the v3 root: "api/v1" or "apis/orgplane.io/v1alpha1". */
export function groupVersionKey(group: string, version: string): string {
  return groupVersionPrefix(group, version).slice(1);
}

/** A reference to a definition. */
export function ref(d: Dialect, name: string): OpenAPISchema {
  return { $ref: d === 'v3' ? `#/components/schemas/${name}` : `#/definitions/${name}` };
}

/**
 * A property that refers to a definition and carries its own description: v3 wraps the `$ref` in
 * allOf (siblings of `$ref` are ignored in OpenAPI 3.0), as kube does.
 */
export function refProperty(
  d: Dialect,
  name: string,
  description?: string,
  withDefault = false,
): OpenAPISchema {
  const extra: OpenAPISchema = {};
  if (withDefault) extra.default = {};
  if (description !== undefined) extra.description = description;
  return d === 'v3' ? { allOf: [ref(d, name)], ...extra } : { ...ref(d, name), ...extra };
}
