/**
 * Types of the schema package. Kinds are described by structural OpenAPI v3 schemas
 * (`JSONSchemaProps` in api/crd.ts); field errors are apimachinery's (apiserver/validation).
 */
import type { JSONSchemaProps } from '../../api/crd.js';

export type { FieldError, FieldErrorType } from '../validation/field.js';

/** A structural schema node. Inputs are read defensively: a malformed keyword is ignored. */
export type Schema = JSONSchemaProps;

/** What `additionalProperties` allows: a schema for every value, anything, or nothing extra. */
export type Additional =
  { readonly kind: 'schema'; readonly schema: Schema } | { readonly kind: 'any' } | undefined;

/** kube's fieldValidation query parameter. */
export type FieldValidation = 'Strict' | 'Warn' | 'Ignore';

/** Deepest schema nesting the walkers follow; deeper parts are left alone (never a crash). */
export const MAX_SCHEMA_DEPTH = 256;
