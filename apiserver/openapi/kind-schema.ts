/**
 * A kind's published schema, built from its openAPIV3Schema the way kube's CRD OpenAPI builder
 * does: apiVersion/kind described, metadata a reference to ObjectMeta, embedded resources given
 * the same, and `x-kubernetes-group-version-kind` set. v2 drops what swagger 2.0 cannot express.
 */
import type { JSONSchemaProps } from '../../api/crd.js';
import type { ResourceInfo } from '../../api/resource.js';
import { API_VERSION_DESCRIPTION, KIND_DESCRIPTION } from './meta-schemas.js';
import { definitionName, META, ref, refProperty } from './names.js';
import type { Dialect, GroupVersionKind, OpenAPISchema } from './types.js';

const METADATA_DESCRIPTION =
  "Standard object's metadata. More info: " +
  'https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata';

type KindInfo = Pick<
  ResourceInfo,
  'group' | 'version' | 'kind' | 'listKind' | 'plural' | 'schema' | 'builtin'
>;

function typeMeta(d: Dialect): Record<string, OpenAPISchema> {
  return {
    apiVersion: { type: 'string', description: API_VERSION_DESCRIPTION },
    kind: { type: 'string', description: KIND_DESCRIPTION },
    metadata: refProperty(d, META.objectMeta, METADATA_DESCRIPTION, true),
  };
}

/** A deep copy of a CRD schema in the dialect's form. */
export function convertSchema(s: JSONSchemaProps, d: Dialect): OpenAPISchema {
  const { properties, additionalProperties, items, allOf, anyOf, oneOf, not, ...values } = s;
  const out: OpenAPISchema = structuredClone(values);
  if (properties) {
    out.properties = Object.fromEntries(Object.entries(properties).map(([k, v]) => [k, convertSchema(v, d)]));
  }
  if (typeof additionalProperties === 'boolean') out.additionalProperties = additionalProperties;
  else if (additionalProperties) out.additionalProperties = convertSchema(additionalProperties, d);
  if (items) out.items = convertSchema(items, d);
  if (d === 'v3') {
    if (allOf) out.allOf = allOf.map((x) => convertSchema(x, d));
    if (anyOf) out.anyOf = anyOf.map((x) => convertSchema(x, d));
    if (oneOf) out.oneOf = oneOf.map((x) => convertSchema(x, d));
    if (not) out.not = convertSchema(not, d);
  } else if (out.nullable === true) {
    // swagger 2.0 has no nullable: an untyped value keeps kubectl from rejecting null
    delete out.nullable;
    delete out.type;
  }
  if (out['x-kubernetes-embedded-resource'] === true) {
    out.properties = { ...out.properties, ...typeMeta(d) };
  }
  return out;
}

function gvk(r: KindInfo, kind: string): GroupVersionKind[] {
  return [{ group: r.group, version: r.version, kind }];
}

/** The schema of the kind itself (e.g. io.orgplane.v1alpha1.Agent). */
export function kindSchema(r: KindInfo, d: Dialect): OpenAPISchema {
  const root = r.schema;
  const opaque = root === undefined || (d === 'v2' && root['x-kubernetes-preserve-unknown-fields'] === true);
  if (opaque) {
    // Without a schema kube publishes a bare object so clients accept any field; v3 still names
    // the standard fields for explain.
    const out: OpenAPISchema =
      d === 'v3'
        ? { type: 'object', properties: typeMeta(d), 'x-kubernetes-preserve-unknown-fields': true }
        : { type: 'object' };
    if (root?.description !== undefined) out.description = root.description;
    return { ...out, 'x-kubernetes-group-version-kind': gvk(r, r.kind) };
  }
  const out = convertSchema(root, d);
  out.type = 'object';
  out.properties = { ...out.properties, ...typeMeta(d) };
  out['x-kubernetes-group-version-kind'] = gvk(r, r.kind);
  return out;
}

/** The schema of the kind's list (e.g. io.orgplane.v1alpha1.AgentList). */
export function listSchema(r: KindInfo, d: Dialect): OpenAPISchema {
  return {
    type: 'object',
    description: `${r.listKind} is a list of ${r.kind}`,
    required: ['items'],
    properties: {
      apiVersion: { type: 'string', description: API_VERSION_DESCRIPTION },
      items: {
        type: 'array',
        description: `List of ${r.plural}.`,
        items: ref(d, definitionName(r, r.kind)),
      },
      kind: { type: 'string', description: KIND_DESCRIPTION },
      metadata: refProperty(d, META.listMeta, 'Standard list metadata.', true),
    },
    'x-kubernetes-group-version-kind': gvk(r, r.listKind),
  };
}

/** Both schemas of a kind, keyed by definition name. */
export function kindSchemas(r: KindInfo, d: Dialect): Record<string, OpenAPISchema> {
  return {
    [definitionName(r, r.kind)]: kindSchema(r, d),
    [definitionName(r, r.listKind)]: listSchema(r, d),
  };
}
