/**
 * ResourceInfo: one served group/version/resource, flattened from a CRD version (custom kinds) or
 * from a built-in definition. The API server's discovery, OpenAPI, Table and registry code take
 * this, never a raw CRD.
 */
import type { JSONSchemaProps, PrinterColumn } from './crd.js';

export type Verb = 'create' | 'delete' | 'deletecollection' | 'get' | 'list' | 'patch' | 'update' | 'watch';

export interface ResourceInfo {
  readonly group: string; // '' for core
  readonly version: string;
  readonly kind: string;
  readonly listKind: string;
  readonly plural: string;
  readonly singular: string;
  readonly shortNames: readonly string[];
  readonly categories: readonly string[];
  readonly namespaced: boolean;
  readonly verbs: readonly Verb[];
  /** true when the kind has a status subresource (spec/status split) */
  readonly statusSubresource: boolean;
  /** additionalPrinterColumns (without the implicit Name column) */
  readonly printerColumns: readonly PrinterColumn[];
  /** openAPIV3Schema of the whole object; undefined means "accept anything" */
  readonly schema: JSONSchemaProps | undefined;
  /** built-in kinds (core, rbac, ...) vs kinds from a CRD */
  readonly builtin: boolean;
  /** kubectl sends strategic-merge-patch only for kinds that advertise it (built-ins) */
  readonly strategicMergePatch: boolean;
  /** create-only kinds that are never stored (SelfSubjectAccessReview, TokenRequest ...) */
  readonly virtual: boolean;
}

/** "agents.orgplane.io", or "namespaces" for the core group: kube's GroupResource string. */
export function groupResource(r: Pick<ResourceInfo, 'group' | 'plural'>): string {
  return r.group === '' ? r.plural : `${r.plural}.${r.group}`;
}

export function apiVersionOf(r: Pick<ResourceInfo, 'group' | 'version'>): string {
  return r.group === '' ? r.version : `${r.group}/${r.version}`;
}
