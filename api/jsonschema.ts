/**
 * toJSONSchemaProps turns a TypeBox schema into the plain openAPIV3Schema a CRD carries: TypeBox's
 * symbols dropped, keys in a canonical (sorted) order so generated YAML is deterministic, and any
 * keyword a CRD schema may not hold ($id, patternProperties, const, ...) refused with its path.
 */
import { isObject } from './json.js';
import type { TSchema } from '@sinclair/typebox';
import type { JSONSchemaProps } from './crd.js';

/** Keywords whose value is copied as plain JSON. */
const VALUE_KEYS = new Set([
  'type',
  'format',
  'description',
  'required',
  'enum',
  'default',
  'nullable',
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'minLength',
  'maxLength',
  'pattern',
  'minItems',
  'maxItems',
  'uniqueItems',
  'minProperties',
  'maxProperties',
  'x-kubernetes-preserve-unknown-fields',
  'x-kubernetes-embedded-resource',
  'x-kubernetes-int-or-string',
  'x-kubernetes-list-type',
  'x-kubernetes-list-map-keys',
  'x-kubernetes-map-type',
]);

/** Keywords whose value is itself a schema, or a list or map of schemas. */
const SCHEMA_KEYS = new Set([
  'properties',
  'additionalProperties',
  'items',
  'allOf',
  'anyOf',
  'oneOf',
  'not',
]);

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Plain JSON copy of a value (drops symbol keys and undefined). */
function plain(v: unknown): Json {
  return JSON.parse(JSON.stringify(v)) as Json;
}

function convertNested(key: string, value: unknown, path: string): unknown {
  if (key === 'properties') {
    if (!isObject(value)) throw new Error(`schema at ${path}: properties must be an object`);
    const out: Record<string, unknown> = {};
    for (const name of Object.keys(value).sort()) out[name] = convert(value[name], `${path}.${name}`);
    return out;
  }
  if (key === 'additionalProperties' && typeof value === 'boolean') return value;
  if (key === 'allOf' || key === 'anyOf' || key === 'oneOf') {
    if (!Array.isArray(value)) throw new Error(`schema at ${path}: ${key} must be a list`);
    return value.map((s, i) => convert(s, `${path}.${key}[${i}]`));
  }
  const suffix = key === 'items' ? '[*]' : key === 'additionalProperties' ? '.*' : `.${key}`;
  return convert(value, path + suffix);
}

function convert(node: unknown, path: string): JSONSchemaProps {
  if (!isObject(node)) throw new Error(`schema at ${path}: not a schema object`);
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(node).sort()) {
    const value = node[key];
    if (value === undefined) continue;
    if (SCHEMA_KEYS.has(key)) out[key] = convertNested(key, value, path);
    else if (VALUE_KEYS.has(key)) out[key] = plain(value);
    else throw new Error(`schema at ${path}: "${key}" is not allowed in a CRD schema`);
  }
  return out;
}

/** The openAPIV3Schema for a TypeBox schema; throws naming the path of any keyword CRDs refuse. */
export function toJSONSchemaProps(schema: TSchema): JSONSchemaProps {
  return convert(schema, '<root>');
}
