/**
 * ResourceInfo from CRDs: one per served version of a custom kind, and the built-in kinds with the
 * flags kube gives them (strategic-merge-patch for Namespace, ConfigMap, Secret and RBAC, create-only
 * review kinds).
 */
import { builtinDefinitions, strategicMergePatchDefinitions, virtualDefinitions } from './builtin/index.js';
import type { CRDVersion, CustomResourceDefinition, PrinterColumn } from './crd.js';
import type { ResourceInfo, Verb } from './resource.js';

export interface ResourceOptions {
  readonly builtin?: boolean;
  readonly strategicMergePatch?: boolean;
  /** create-only, never stored: verbs ['create'] and no table columns */
  readonly virtual?: boolean;
}

const ALL_VERBS: readonly Verb[] = [
  'create',
  'delete',
  'deletecollection',
  'get',
  'list',
  'patch',
  'update',
  'watch',
];
const CREATE_ONLY: readonly Verb[] = ['create'];

/** kube's columns for a CRD version that names none: Age. */
const DEFAULT_COLUMNS: readonly PrinterColumn[] = [
  { name: 'Age', type: 'date', jsonPath: '.metadata.creationTimestamp' },
];

function columnsOf(v: CRDVersion): readonly PrinterColumn[] {
  const columns = v.additionalPrinterColumns ?? [];
  return columns.length > 0 ? columns.map((c) => ({ ...c })) : DEFAULT_COLUMNS;
}

/** One ResourceInfo per served version of `crd`, in the CRD's version order. */
export function resourcesFromCRD(crd: CustomResourceDefinition, opts: ResourceOptions = {}): ResourceInfo[] {
  const { group, names, scope, versions } = crd.spec;
  const virtual = opts.virtual ?? false;
  return versions
    .filter((v) => v.served)
    .map((v) => ({
      group,
      version: v.name,
      kind: names.kind,
      listKind: names.listKind ?? `${names.kind}List`,
      plural: names.plural,
      singular: names.singular ?? names.kind.toLowerCase(),
      shortNames: [...(names.shortNames ?? [])],
      categories: [...(names.categories ?? [])],
      namespaced: scope === 'Namespaced',
      verbs: virtual ? CREATE_ONLY : ALL_VERBS,
      statusSubresource: v.subresources?.status !== undefined,
      printerColumns: virtual ? [] : columnsOf(v),
      schema: v.schema?.openAPIV3Schema,
      builtin: opts.builtin ?? false,
      strategicMergePatch: opts.strategicMergePatch ?? false,
      virtual,
    }));
}

/** Every built-in kind's ResourceInfo, in builtinDefinitions order. */
export function builtinResources(): ResourceInfo[] {
  return builtinDefinitions.flatMap((crd) =>
    resourcesFromCRD(crd, {
      builtin: true,
      strategicMergePatch: strategicMergePatchDefinitions.includes(crd),
      virtual: virtualDefinitions.includes(crd),
    }),
  );
}
