/**
 * structuralErrors lists why an openAPIV3Schema is not a structural schema that
 * apiextensions.k8s.io/v1 accepts (empty when it is). It checks the rules kube-apiserver enforces on
 * CRD schemas: a type on every node, nothing but name/generateName restricted under the root
 * metadata, no type/description/default/additionalProperties/nullable inside allOf/anyOf/oneOf/not,
 * properties and additionalProperties exclusive, no additionalProperties: false, no
 * uniqueItems: true, preserve-unknown-fields only true, and well-formed list types.
 */
import type { JSONSchemaProps } from './crd.js';

const TYPES = new Set(['object', 'array', 'string', 'integer', 'number', 'boolean']);
const SCALARS = new Set(['string', 'integer', 'number', 'boolean']);
const JUNCTOR_FORBIDDEN = ['type', 'description', 'default', 'additionalProperties', 'nullable'] as const;
const METADATA_ALLOWED = new Set(['name', 'generateName']);

type Errors = string[];

function checkMapKeys(item: JSONSchemaProps | undefined, keys: string[], path: string, errs: Errors): void {
  if (item?.type !== 'object') errs.push(`${path}: a list of type map must hold objects`);
  if (keys.length === 0) errs.push(`${path}: list type map needs x-kubernetes-list-map-keys`);
  for (const key of keys) {
    const prop = item?.properties?.[key];
    const required = (item?.required ?? []).includes(key) || prop?.default !== undefined;
    if (prop?.type === undefined || !SCALARS.has(prop.type))
      errs.push(`${path}: map key "${key}" must be a scalar`);
    else if (!required) errs.push(`${path}: map key "${key}" must be required or have a default`);
  }
}

function checkListType(s: JSONSchemaProps, path: string, errs: Errors): void {
  const listType = s['x-kubernetes-list-type'];
  const keys = s['x-kubernetes-list-map-keys'];
  if (listType === undefined) {
    if (keys !== undefined)
      errs.push(`${path}: x-kubernetes-list-map-keys needs x-kubernetes-list-type: map`);
    return;
  }
  if (s.type !== 'array') errs.push(`${path}: x-kubernetes-list-type is only allowed on arrays`);
  const itemType = s.items?.type;
  if (listType === 'set' && itemType !== undefined && !SCALARS.has(itemType)) {
    errs.push(`${path}: a list of type set must hold scalars`);
  }
  if (listType === 'map') checkMapKeys(s.items, keys ?? [], path, errs);
}

/** The one typed junctor kube allows: anyOf [{type: integer}, {type: string}] under int-or-string. */
function intOrStringBranch(s: JSONSchemaProps, outer: JSONSchemaProps, key: string): boolean {
  return (
    outer['x-kubernetes-int-or-string'] === true &&
    key === 'type' &&
    (s.type === 'integer' || s.type === 'string')
  );
}

function checkJunctor(s: JSONSchemaProps, outer: JSONSchemaProps, path: string, errs: Errors): void {
  for (const key of JUNCTOR_FORBIDDEN) {
    if (s[key] !== undefined && !intOrStringBranch(s, outer, key))
      errs.push(`${path}: ${key} is not allowed inside allOf/anyOf/oneOf/not`);
  }
  for (const name of Object.keys(s.properties ?? {})) {
    if (outer.properties?.[name] === undefined) errs.push(`${path}.${name}: must also be specified outside`);
  }
  if (s.items !== undefined && outer.items === undefined)
    errs.push(`${path}: items must also be specified outside`);
  for (const sub of [...(s.allOf ?? []), ...(s.anyOf ?? []), ...(s.oneOf ?? []), ...(s.not ? [s.not] : [])]) {
    checkJunctor(sub, outer, path, errs);
  }
}

function checkMetadata(s: JSONSchemaProps, path: string, errs: Errors): void {
  if (s.type !== 'object') errs.push(`${path}: must be type object`);
  for (const [name, prop] of Object.entries(s.properties ?? {})) {
    if (!METADATA_ALLOWED.has(name) || prop.type !== 'string') {
      errs.push(`${path}.${name}: only metadata.name and metadata.generateName (strings) may be restricted`);
    }
  }
  const extra = Object.keys(s).filter((k) => !['type', 'properties', 'description'].includes(k));
  if (extra.length > 0) errs.push(`${path}: ${extra.join(', ')} not allowed on metadata`);
}

function checkType(s: JSONSchemaProps, path: string, errs: Errors): void {
  const preserve = s['x-kubernetes-preserve-unknown-fields'];
  if (preserve === false) errs.push(`${path}: x-kubernetes-preserve-unknown-fields must be true`);
  if (s['x-kubernetes-int-or-string'] === true) {
    if (s.type !== undefined) errs.push(`${path}: x-kubernetes-int-or-string must not set type`);
  } else if (s.type === undefined) {
    if (preserve !== true) errs.push(`${path}: type is required`);
  } else if (!TYPES.has(s.type)) errs.push(`${path}: unknown type "${s.type}"`);
}

function checkNode(s: JSONSchemaProps, path: string, errs: Errors): void {
  checkType(s, path, errs);
  if (s.properties !== undefined && s.additionalProperties !== undefined) {
    errs.push(`${path}: properties and additionalProperties are mutually exclusive`);
  }
  if (s.additionalProperties === false) errs.push(`${path}: additionalProperties must not be false`);
  if (s.uniqueItems === true) errs.push(`${path}: uniqueItems must not be true`);
  checkListType(s, path, errs);
  const junctors = { allOf: s.allOf, anyOf: s.anyOf, oneOf: s.oneOf, not: s.not ? [s.not] : undefined };
  for (const [key, subs] of Object.entries(junctors)) {
    subs?.forEach((sub, i) => {
      checkJunctor(sub, s, `${path}.${key}[${i}]`, errs);
    });
  }
  for (const [name, prop] of Object.entries(s.properties ?? {})) checkNode(prop, `${path}.${name}`, errs);
  if (typeof s.additionalProperties === 'object') checkNode(s.additionalProperties, `${path}.*`, errs);
  if (s.items !== undefined) checkNode(s.items, `${path}[*]`, errs);
}

/** Every reason `schema` (a CRD version's openAPIV3Schema) is not structural; [] when it is. */
export function structuralErrors(schema: JSONSchemaProps): string[] {
  const errs: Errors = [];
  if (schema.type !== 'object') errs.push('<root>: must be type object');
  if (schema.properties === undefined) {
    checkNode(schema, '<root>', errs);
    return errs;
  }
  const { metadata, ...rest } = schema.properties;
  if (metadata !== undefined) checkMetadata(metadata, '<root>.metadata', errs);
  checkNode({ ...schema, properties: rest }, '<root>', errs);
  return errs;
}
