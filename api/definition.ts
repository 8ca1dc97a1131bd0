/**
 * defineCRD builds the CustomResourceDefinition of one kind from its TypeBox schema: the orgplane
 * kinds are installed from these (crds/), and the built-in kinds are described by them in code.
 */
import type { TSchema } from '@sinclair/typebox';
import type { CRDNames, CRDVersion, CustomResourceDefinition, PrinterColumn } from './crd.js';
import { toJSONSchemaProps } from './jsonschema.js';

export interface KindDefinition {
  /** '' for the core group */
  readonly group: string;
  readonly version: string;
  readonly kind: string;
  readonly plural: string;
  /** defaults to the lower-cased kind */
  readonly singular?: string;
  readonly shortNames?: readonly string[];
  readonly categories?: readonly string[];
  readonly scope: 'Namespaced' | 'Cluster';
  /** the whole object's schema */
  readonly schema: TSchema;
  /** serve a status subresource; defaults to whether the schema has a `status` property */
  readonly statusSubresource?: boolean;
  readonly printerColumns?: readonly PrinterColumn[];
}

/** The printer column kube shows for every kind: time since creation. */
export function ageColumn(jsonPath = '.metadata.creationTimestamp'): PrinterColumn {
  return { name: 'Age', type: 'date', jsonPath };
}

/** CRD object name: "<plural>.<group>", or "<plural>" for the core group. */
export function crdName(group: string, plural: string): string {
  return group === '' ? plural : `${plural}.${group}`;
}

export function defineCRD(def: KindDefinition): CustomResourceDefinition {
  const schema = toJSONSchemaProps(def.schema);
  const names: CRDNames = {
    plural: def.plural,
    singular: def.singular ?? def.kind.toLowerCase(),
    kind: def.kind,
    listKind: `${def.kind}List`,
    ...(def.shortNames ? { shortNames: [...def.shortNames] } : {}),
    ...(def.categories ? { categories: [...def.categories] } : {}),
  };
  const version: CRDVersion = {
    name: def.version,
    served: true,
    storage: true,
    schema: { openAPIV3Schema: schema },
    ...((def.statusSubresource ?? schema.properties?.status !== undefined)
      ? { subresources: { status: {} } }
      : {}),
    ...(def.printerColumns ? { additionalPrinterColumns: def.printerColumns.map((c) => ({ ...c })) } : {}),
  };
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: crdName(def.group, def.plural) },
    spec: { group: def.group, names, scope: def.scope, versions: [version] },
  };
}
