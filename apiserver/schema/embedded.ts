/**
 * Objects marked `x-kubernetes-embedded-resource` carry their own apiVersion, kind and metadata;
 * kube checks them as it checks a resource (apiextensions schema/objectmeta Validate): both type
 * fields present and well-formed, metadata valid with names as URL path segments and the name
 * optional.
 */
import { child, index, invalid, key, required, type FieldError } from '../validation/field.js';
import { getOwn, hasOwn, isObject, setOwn } from '../../api/json.js';
import { validateObjectMeta } from '../validation/meta.js';
import { isDNS1035Label } from '../validation/names.js';
import { additionalOf, isEmbedded, itemsOf, propertyOf } from './node.js';
import { MAX_SCHEMA_DEPTH, type Schema } from './types.js';

function checkApiVersion(v: unknown, path: string): FieldError[] {
  if (typeof v !== 'string') return [invalid(path, v, 'must be a string')];
  if (v === '') return [required(path)];
  return v.split('/').length > 2 ? [invalid(path, v, `unexpected GroupVersion string: ${v}`)] : [];
}

function checkKind(v: unknown, path: string): FieldError[] {
  if (typeof v !== 'string') return [invalid(path, v, 'must be a string')];
  if (v === '') return [required(path)];
  const errs = isDNS1035Label(v.toLowerCase());
  return errs.length > 0
    ? [invalid(path, v, `may have mixed case, but should otherwise match: ${errs.join(',')}`)]
    : [];
}

function checkMetadata(v: unknown, path: string): FieldError[] {
  const meta: unknown = v === null ? {} : isObject(v) ? { ...v } : v;
  if (isObject(meta)) {
    const name = getOwn(meta, 'name');
    if (name === undefined || name === null || name === '') setOwn(meta, 'name', 'fakename');
  }
  const ns = getOwn(meta, 'namespace');
  const namespaced = typeof ns === 'string' && ns !== '';
  return validateObjectMeta(meta, { namespaced, nameRule: 'pathSegment', path });
}

/** The errors of one embedded resource found at `path`. */
export function validateEmbeddedResource(x: Record<string, unknown>, path: string): FieldError[] {
  const errs: FieldError[] = [];
  if (!hasOwn(x, 'apiVersion')) errs.push(required(child(path, 'apiVersion')));
  if (!hasOwn(x, 'kind')) errs.push(required(child(path, 'kind')));
  if (hasOwn(x, 'apiVersion')) errs.push(...checkApiVersion(x.apiVersion, child(path, 'apiVersion')));
  if (hasOwn(x, 'kind')) errs.push(...checkKind(x.kind, child(path, 'kind')));
  if (hasOwn(x, 'metadata')) errs.push(...checkMetadata(x.metadata, child(path, 'metadata')));
  return errs;
}

function walk(x: unknown, s: Schema, path: string, depth: number, errs: FieldError[]): void {
  if (depth > MAX_SCHEMA_DEPTH) return;
  if (Array.isArray(x)) {
    const items = itemsOf(s);
    if (items) for (let i = 0; i < x.length; i++) walk(x[i], items, index(path, i), depth + 1, errs);
    return;
  }
  if (!isObject(x)) return;
  if (isEmbedded(s)) errs.push(...validateEmbeddedResource(x, path));
  const additional = additionalOf(s);
  for (const k of Object.keys(x)) {
    const p = propertyOf(s, k);
    if (p) walk(x[k], p, child(path, k), depth + 1, errs);
    else if (additional?.kind === 'schema') walk(x[k], additional.schema, key(path, k), depth + 1, errs);
  }
}

/** Errors of every embedded resource below the root of `obj`. */
export function validateEmbeddedResources(obj: unknown, schema: Schema): FieldError[] {
  const errs: FieldError[] = [];
  walk(obj, schema, '', 0, errs);
  return errs;
}
