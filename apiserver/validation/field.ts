/**
 * Field-level validation errors, as apimachinery's util/validation/field package builds and prints
 * them (Kubernetes 1.32+ wording: `Too long: may not be more than N bytes`, complex bad values
 * rendered as JSON). Every constructor precomputes the texts kube would send.
 */
import { goQuote, renderBadValue } from './goformat.js';

export type FieldErrorType =
  | 'FieldValueNotFound'
  | 'FieldValueRequired'
  | 'FieldValueDuplicate'
  | 'FieldValueInvalid'
  | 'FieldValueNotSupported'
  | 'FieldValueForbidden'
  | 'FieldValueTooLong'
  | 'FieldValueTooMany'
  | 'InternalError'
  | 'FieldValueTypeInvalid';

export interface FieldError {
  /** machine-readable cause type (Status details.causes[].reason) */
  readonly type: FieldErrorType;
  /** same as `type`; the name Status causes use */
  readonly reason: FieldErrorType;
  /** kube's field path, e.g. `spec.tools[0].name`; `<nil>` where kube reports no path */
  readonly field: string;
  /** ErrorBody: the text after "field: ", e.g. `Required value` (Status causes[].message) */
  readonly detail: string;
  /** Error(): the full `field: detail` text, e.g. `spec.model: Required value` */
  readonly message: string;
  /** the offending value, when kube reports one */
  readonly badValue?: unknown;
}

const TYPE_TEXT: Readonly<Record<FieldErrorType, string>> = {
  FieldValueNotFound: 'Not found',
  FieldValueRequired: 'Required value',
  FieldValueDuplicate: 'Duplicate value',
  FieldValueInvalid: 'Invalid value',
  FieldValueNotSupported: 'Unsupported value',
  FieldValueForbidden: 'Forbidden',
  FieldValueTooLong: 'Too long',
  FieldValueTooMany: 'Too many',
  InternalError: 'Internal error',
  FieldValueTypeInvalid: 'Invalid value',
};

/** Types whose body never shows the value. */
const VALUELESS = new Set<FieldErrorType>([
  'FieldValueRequired',
  'FieldValueForbidden',
  'FieldValueTooLong',
  'InternalError',
]);

const OMIT: unique symbol = Symbol('omit');

function make(type: FieldErrorType, field: string, value: unknown, detail: string): FieldError {
  let body = TYPE_TEXT[type];
  if (!VALUELESS.has(type) && value !== OMIT) body += `: ${renderBadValue(value)}`;
  if (detail !== '') body += `: ${detail}`;
  const base = { type, reason: type, field, detail: body, message: `${field}: ${body}` };
  return value === OMIT || VALUELESS.has(type) ? base : { ...base, badValue: value };
}

export const required = (field: string, detail = ''): FieldError =>
  make('FieldValueRequired', field, OMIT, detail);

export const invalid = (field: string, value: unknown, detail: string): FieldError =>
  make('FieldValueInvalid', field, value, detail);

/** field.Invalid with field.OmitValueType: the value is neither shown nor kept (a Secret's). */
export const invalidOmitValue = (field: string, detail: string): FieldError =>
  make('FieldValueInvalid', field, OMIT, detail);

export const typeInvalid = (field: string, value: unknown, detail: string): FieldError =>
  make('FieldValueTypeInvalid', field, value, detail);

export const duplicate = (field: string, value: unknown): FieldError =>
  make('FieldValueDuplicate', field, value, '');

export const notFound = (field: string, value: unknown): FieldError =>
  make('FieldValueNotFound', field, value, '');

export const forbidden = (field: string, detail: string): FieldError =>
  make('FieldValueForbidden', field, OMIT, detail);

export const internalError = (field: string, detail: string): FieldError =>
  make('InternalError', field, OMIT, detail);

/** field.NotSupported: valid values are Go-quoted in the detail. */
export function notSupported(field: string, value: unknown, validValues: readonly string[]): FieldError {
  const detail =
    validValues.length > 0 ? `supported values: ${validValues.map((v) => renderBadValue(v)).join(', ')}` : '';
  return make('FieldValueNotSupported', field, value, detail);
}

/** field.TooLong: the value is never shown. A negative max omits the limit. */
export function tooLong(field: string, maxLength: number): FieldError {
  const detail =
    maxLength >= 0
      ? `may not be more than ${maxLength} ${maxLength === 1 ? 'byte' : 'bytes'}`
      : 'value is too long';
  return make('FieldValueTooLong', field, OMIT, detail);
}

/** field.TooMany: a negative actual quantity omits the value. */
export function tooMany(field: string, actual: number, max: number): FieldError {
  const detail = max >= 0 ? `must have at most ${max} ${max === 1 ? 'item' : 'items'}` : 'has too many items';
  return make('FieldValueTooMany', field, actual >= 0 ? actual : OMIT, detail);
}

/** field.Path helpers: `a.b`, `a[0]`, `a[key]`. */
export const child = (path: string, name: string): string => (path === '' ? name : `${path}.${name}`);
export const index = (path: string, i: number): string => `${path}[${i}]`;
export const key = (path: string, k: string): string => `${path}[${k}]`;

/**
 * The field path apiextensions gives a kube-openapi error named `name` (`.spec.x` → `spec.x`);
 * errors without a name are reported at the nil path, printed `<nil>`.
 */
export const openAPIField = (name: string): string =>
  name === '' || name === '.' ? '<nil>' : name.startsWith('.') ? name.slice(1) : name;

/** kube-openapi's type error: `x: Invalid value: "string": x in body must be of type array: "string"`. */
export function bodyTypeInvalid(name: string, expected: string, actual: string): FieldError {
  return typeInvalid(
    openAPIField(name),
    actual,
    `${name} in body must be of type ${expected}: ${goQuote(actual)}`,
  );
}
