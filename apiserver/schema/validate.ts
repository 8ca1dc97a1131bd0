/**
 * Schema validation with kube-apiserver's results: every violation, in kube's order, with
 * apiextensions-apiserver's wording (kube-openapi messages wrapped into field errors).
 *
 * A walker, not ajv: kube-openapi's behaviour cannot be recovered from ajv's error objects. It
 * runs checks by the value's actual JSON kind even after a type error (a string with an enum
 * still gets the enum error), stops a string at its first failing check, skips an object's
 * properties when minProperties/maxProperties fail, compares integers against truncated bounds,
 * reports required fields after the properties, and prints values as Go does.
 *
 * Per value, in kube-openapi's order: type, anyOf/oneOf/allOf/not, string (maxLength, minLength,
 * pattern), format, number (minimum, maximum), array (items, minItems, maxItems, uniqueItems),
 * enum, object (properties count, additionalProperties, properties in schema order, required).
 * Then, over the whole object: embedded resources (apiVersion, kind, metadata) and
 * x-kubernetes-list-type set/map uniqueness, as the custom resource strategy runs them.
 */
import { invalid, openAPIField, required, tooMany, type FieldError } from '../validation/field.js';
import { goKind } from '../validation/json.js';
import { getOwn, hasOwn, isObject, type JsonObject } from '../../api/json.js';
import { checkEnum, checkFormat, checkItems, checkNumber, checkString, checkType } from './checks.js';
import { checkCombinators } from './combinators.js';
import { validateEmbeddedResources } from './embedded.js';
import { validateListTypes } from './listtype.js';
import {
  additionalOf,
  countOf,
  formatOf,
  itemsOf,
  propertyNames,
  propertyOf,
  stringsOf,
  typesOf,
} from './node.js';
import { MAX_SCHEMA_DEPTH, type Schema } from './types.js';

/** minProperties/maxProperties: when they fail, nothing else of the object is checked. */
function checkPropertyCount(count: number, s: Schema, name: string): FieldError | undefined {
  const min = countOf(s, 'minProperties');
  const max = countOf(s, 'maxProperties');
  if (min !== undefined && count < min) {
    return invalid(openAPIField(name), count, `${name} in body should have at least ${min} properties`);
  }
  return max !== undefined && count > max ? tooMany(openAPIField(name), count, max) : undefined;
}

/** Keys that are not declared properties: forbidden, or validated against additionalProperties. */
function checkAdditional(x: JsonObject, s: Schema, name: string, depth: number): FieldError[] {
  const extra = Object.keys(x).filter((k) => propertyOf(s, k) === undefined);
  if (getOwn(s, 'additionalProperties') === false) {
    return extra.map((k) => invalid(openAPIField(name), k, `${name}.${k} in body is a forbidden property`));
  }
  const additional = additionalOf(s);
  if (additional?.kind !== 'schema') return [];
  return extra.flatMap((k) => validateNode(x[k], additional.schema, `${name}.${k}`, depth + 1));
}

function validateObject(x: JsonObject, s: Schema, name: string, depth: number): FieldError[] {
  const countError = checkPropertyCount(Object.keys(x).length, s, name);
  if (countError) return [countError];
  const errs = checkAdditional(x, s, name, depth);
  for (const p of propertyNames(s)) {
    const ps = propertyOf(s, p);
    if (ps && hasOwn(x, p)) errs.push(...validateNode(x[p], ps, name === '' ? p : `${name}.${p}`, depth + 1));
  }
  for (const k of stringsOf(s, 'required'))
    if (!hasOwn(x, k)) errs.push(required(openAPIField(`${name}.${k}`)));
  return errs;
}

function validateArray(x: readonly unknown[], s: Schema, name: string, depth: number): FieldError[] {
  const errs: FieldError[] = [];
  const items = itemsOf(s);
  if (items)
    for (let i = 0; i < x.length; i++) errs.push(...validateNode(x[i], items, `${name}[${i}]`, depth + 1));
  errs.push(...checkItems(x, s, name));
  return errs;
}

/** All errors of one value against one schema node (kube-openapi's SchemaValidator.Validate). */
export function validateNode(value: unknown, s: Schema, name: string, depth: number): FieldError[] {
  if (depth > MAX_SCHEMA_DEPTH || !isObject(s)) return [];
  const errs: FieldError[] = [];
  const push = (e: FieldError | undefined): void => {
    if (e) errs.push(e);
  };
  const types = typesOf(s);
  const format = formatOf(s, types);
  const kind = goKind(value);
  if (types.length > 0 || format !== '' || kind === 'null') push(checkType(kind, types, format, s, name));
  if (kind === 'null') {
    push(checkEnum(null, s, name));
    return errs;
  }
  errs.push(...checkCombinators(value, s, name, depth + 1, validateNode));
  if (typeof value === 'string') {
    push(checkString(value, s, name));
    push(checkFormat(value, format, name));
  }
  if (typeof value === 'number') errs.push(...checkNumber(value, s, name));
  if (Array.isArray(value)) errs.push(...validateArray(value, s, name, depth));
  push(checkEnum(value, s, name));
  if (isObject(value)) errs.push(...validateObject(value, s, name, depth));
  return errs;
}

/**
 * Every violation of `obj` against `schema`, as kube-apiserver reports them for a custom
 * resource (metadata rules are separate: apiserver/validation/meta.ts). Never throws.
 */
export function validateSchema(obj: unknown, schema: Schema | undefined): FieldError[] {
  if (schema === undefined || !isObject(schema)) return [];
  return [
    ...validateNode(obj, schema, '', 0),
    ...validateEmbeddedResources(obj, schema),
    ...validateListTypes(obj, schema),
  ];
}
