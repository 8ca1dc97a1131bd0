/**
 * TypeBox building blocks that emit only what a structural CRD schema may hold. A kind's TypeBox
 * schema is the one source of its TypeScript type (`Static`/`KindType`) and its openAPIV3Schema
 * (`toJSONSchemaProps`).
 */
import {
  Type,
  type SchemaOptions,
  type Static,
  type TSchema,
  type TString,
  type TUnsafe,
} from '@sinclair/typebox';
import type { ObjectMeta } from './meta.js';

/** A string out of a fixed set: `{type: string, enum}` (a union of literals would emit anyOf/const). */
export function StringEnum<const T extends readonly string[]>(
  values: T,
  options: SchemaOptions = {},
): TUnsafe<T[number]> {
  return Type.Unsafe<T[number]>({ ...options, type: 'string', enum: [...values] });
}

/** map[string]T: `{type: object, additionalProperties: T}` (Type.Record would emit patternProperties). */
export function StringMap<T extends TSchema>(
  value: T,
  options: SchemaOptions = {},
): TUnsafe<Record<string, Static<T>>> {
  return Type.Unsafe<Record<string, Static<T>>>({ ...options, type: 'object', additionalProperties: value });
}

/** An object kept exactly as sent: `{type: object, x-kubernetes-preserve-unknown-fields: true}`. */
export function PreserveUnknown(options: SchemaOptions = {}): TUnsafe<Record<string, unknown>> {
  return Type.Unsafe<Record<string, unknown>>({
    ...options,
    type: 'object',
    'x-kubernetes-preserve-unknown-fields': true,
  });
}

/** An RFC 3339 timestamp (metav1.Time / MicroTime). */
export function Timestamp(description: string): TString {
  return Type.String({ description, format: 'date-time' });
}

/** A 32-bit integer (`format: int32`), as kube's int32 fields are published. */
export function Int32(options: SchemaOptions = {}): TUnsafe<number> {
  return Type.Unsafe<number>({ ...options, type: 'integer', format: 'int32' });
}

/** A 64-bit integer (`format: int64`). */
export function Int64(options: SchemaOptions = {}): TUnsafe<number> {
  return Type.Unsafe<number>({ ...options, type: 'integer', format: 'int64' });
}

/** A list of scalars that is a set (`x-kubernetes-list-type: set`; duplicates are invalid). */
export function ScalarSet<T extends TSchema>(description: string, item: T): TUnsafe<Static<T>[]> {
  return Type.Unsafe<Static<T>[]>({
    description,
    type: 'array',
    items: item,
    'x-kubernetes-list-type': 'set',
  });
}

/**
 * apiVersion, kind and metadata as kube publishes them for custom resources: optional in the schema
 * (the server sets them), `metadata` only `{type: object}` (the server validates ObjectMeta itself).
 */
export const TypeMetaProperties = {
  apiVersion: Type.Optional(
    Type.String({
      description:
        'APIVersion defines the versioned schema of this representation of an object. Servers convert ' +
        'recognized schemas to the latest internal value and may reject unrecognized values.',
    }),
  ),
  kind: Type.Optional(
    Type.String({
      description:
        'Kind is a string value representing the REST resource this object represents. Servers may ' +
        'infer this from the endpoint the client submits requests to. In CamelCase.',
    }),
  ),
  metadata: Type.Optional(Type.Unsafe<ObjectMeta>({ type: 'object' })),
};

/** The TypeScript type of a stored object of a kind: its schema's Static with apiVersion/kind/metadata set. */
export type KindType<T extends TSchema> = Static<T> & {
  apiVersion: string;
  kind: string;
  metadata: ObjectMeta;
};
