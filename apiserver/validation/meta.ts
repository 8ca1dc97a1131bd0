/**
 * ObjectMeta validation on create, with apimachinery's wording (api/validation/objectmeta.go,
 * ValidateObjectMetaAccessor): generateName, name, namespace, generation, labels, annotations,
 * ownerReferences, finalizers, managedFields, in that order.
 *
 * The input is whatever the client sent. A field of the wrong JSON type is reported the way a
 * schema would (`metadata.name: Invalid value: "integer": metadata.name in body must be of type
 * string: "integer"`) and not checked further; null counts as absent, as Go decodes it.
 */
import { bodyTypeInvalid, child, forbidden, invalid, required, tooLong, type FieldError } from './field.js';
import { byteLength, goKind } from './json.js';
import { getOwn, isObject } from '../../api/json.js';
import { validateFinalizers, validateManagedFields, validateOwnerReferences } from './meta-refs.js';
import { isDNS1123Label, isQualifiedName, isValidLabelValue, validateName, type NameRule } from './names.js';

export interface ObjectMetaRules {
  /** namespaced kinds need metadata.namespace; cluster-scoped kinds must not set it */
  readonly namespaced: boolean;
  /** how name and generateName are checked; default 'subdomain' (custom resources), 'label' for namespaces */
  readonly nameRule?: NameRule;
  /** path of the metadata object; default `metadata` */
  readonly path?: string;
}

/** apimachinery's TotalAnnotationSizeLimitB: 256 KiB of keys and values together. */
export const TOTAL_ANNOTATION_SIZE_LIMIT = 256 * 1024;

/**
 * A string field: '' when absent or null; undefined (with a type error recorded) when it is not
 * a string.
 */
export function stringField(
  obj: unknown,
  name: string,
  path: string,
  errs: FieldError[],
): string | undefined {
  const v = getOwn(obj, name);
  if (v === undefined || v === null) return '';
  if (typeof v === 'string') return v;
  errs.push(bodyTypeInvalid(child(path, name), 'string', goKind(v)));
  return undefined;
}

export function validateObjectMeta(meta: unknown, rules: ObjectMetaRules): FieldError[] {
  const path = rules.path ?? 'metadata';
  const nameRule = rules.nameRule ?? 'subdomain';
  if (meta !== undefined && meta !== null && !isObject(meta))
    return [bodyTypeInvalid(path, 'object', goKind(meta))];
  const errs: FieldError[] = [];
  const generateName = stringField(meta, 'generateName', path, errs);
  if (generateName) {
    for (const msg of validateName(nameRule, generateName, true))
      errs.push(invalid(child(path, 'generateName'), generateName, msg));
  }
  const name = stringField(meta, 'name', path, errs);
  if (name === '') errs.push(required(child(path, 'name'), 'name or generateName is required'));
  else if (name !== undefined) {
    for (const msg of validateName(nameRule, name, false)) errs.push(invalid(child(path, 'name'), name, msg));
  }
  errs.push(...validateNamespaceField(meta, rules.namespaced, path));
  errs.push(...validateGeneration(getOwn(meta, 'generation'), child(path, 'generation')));
  errs.push(...validateLabels(getOwn(meta, 'labels'), child(path, 'labels')));
  errs.push(...validateAnnotations(getOwn(meta, 'annotations'), child(path, 'annotations')));
  errs.push(...validateOwnerReferences(getOwn(meta, 'ownerReferences'), child(path, 'ownerReferences')));
  errs.push(...validateFinalizers(getOwn(meta, 'finalizers'), child(path, 'finalizers')));
  errs.push(...validateManagedFields(getOwn(meta, 'managedFields'), child(path, 'managedFields')));
  return errs;
}

function validateNamespaceField(meta: unknown, namespaced: boolean, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const ns = stringField(meta, 'namespace', path, errs);
  if (ns === undefined) return errs;
  const field = child(path, 'namespace');
  if (!namespaced) return ns === '' ? errs : [forbidden(field, 'not allowed on this type')];
  if (ns === '') return [required(field)];
  return isDNS1123Label(ns).map((msg) => invalid(field, ns, msg));
}

/** ValidateNonnegativeField for metadata.generation. */
export function validateGeneration(v: unknown, path: string): FieldError[] {
  if (v === undefined || v === null) return [];
  if (goKind(v) !== 'integer') return [bodyTypeInvalid(path, 'integer', goKind(v))];
  return (v as number) < 0 ? [invalid(path, v, 'must be greater than or equal to 0')] : [];
}

/** A map of strings: entries with their string values; type errors for anything else. */
function stringMap(v: unknown, path: string, errs: FieldError[]): [string, string][] {
  if (v === undefined || v === null) return [];
  if (!isObject(v)) {
    errs.push(bodyTypeInvalid(path, 'object', goKind(v)));
    return [];
  }
  const out: [string, string][] = [];
  for (const k of Object.keys(v)) {
    const val = v[k];
    if (val === null || typeof val === 'string') out.push([k, val ?? '']);
    else errs.push(bodyTypeInvalid(child(path, k), 'string', goKind(val)));
  }
  return out;
}

/** v1validation.ValidateLabels: keys are qualified names, values label values; errors at `path`. */
export function validateLabels(labels: unknown, path: string): FieldError[] {
  const errs: FieldError[] = [];
  for (const [k, v] of stringMap(labels, path, errs)) {
    for (const msg of isQualifiedName(k)) errs.push(invalid(path, k, msg));
    for (const msg of isValidLabelValue(v)) errs.push(invalid(path, v, msg));
  }
  return errs;
}

/** ValidateAnnotations: keys are qualified names (any case); all keys and values ≤ 256 KiB. */
export function validateAnnotations(annotations: unknown, path: string): FieldError[] {
  const errs: FieldError[] = [];
  let total = 0;
  for (const [k, v] of stringMap(annotations, path, errs)) {
    for (const msg of isQualifiedName(k.toLowerCase())) errs.push(invalid(path, k, msg));
    total += byteLength(k) + byteLength(v);
  }
  if (total > TOTAL_ANNOTATION_SIZE_LIMIT) errs.push(tooLong(path, TOTAL_ANNOTATION_SIZE_LIMIT));
  return errs;
}
