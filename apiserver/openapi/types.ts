/**
 * OpenAPI shapes orgplane publishes: v3 (one document per group-version, what kubectl apply,
 * edit and explain read) and v2 (swagger 2.0, one document for everything).
 */
import type { JSONSchemaProps } from '../../api/crd.js';

export interface GroupVersionKind {
  group: string;
  version: string;
  kind: string;
}

/** 'v3' refs point at `#/components/schemas/`, 'v2' at `#/definitions/`. */
export type Dialect = 'v2' | 'v3';

type SchemaChildren = 'properties' | 'additionalProperties' | 'items' | 'allOf' | 'anyOf' | 'oneOf' | 'not';

/** A published schema: a CRD schema plus `$ref` and kube's vendor extensions. */
export interface OpenAPISchema extends Omit<JSONSchemaProps, SchemaChildren> {
  $ref?: string;
  properties?: Record<string, OpenAPISchema>;
  additionalProperties?: OpenAPISchema | boolean;
  items?: OpenAPISchema;
  allOf?: OpenAPISchema[];
  anyOf?: OpenAPISchema[];
  oneOf?: OpenAPISchema[];
  not?: OpenAPISchema;
  'x-kubernetes-group-version-kind'?: GroupVersionKind[];
  'x-kubernetes-patch-strategy'?: string;
  'x-kubernetes-patch-merge-key'?: string;
}

// ---- v3 ----

export interface V3Parameter {
  name: string;
  in: 'path' | 'query';
  description?: string;
  required?: boolean;
  schema: { type: string; uniqueItems: true };
}

export type V3Content = Record<string, { schema: OpenAPISchema }>;

export interface V3Operation {
  description: string;
  operationId: string;
  tags: string[];
  parameters?: V3Parameter[];
  requestBody?: { content: V3Content; required?: boolean };
  responses: Record<string, { description: string; content?: V3Content }>;
  'x-kubernetes-action': string;
  'x-kubernetes-group-version-kind': GroupVersionKind;
}

export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';

export type V3PathItem = { parameters?: V3Parameter[] } & Partial<Record<HttpMethod, V3Operation>>;

export interface OpenAPIV3Document {
  openapi: '3.0.0';
  info: { title: string; version: string };
  paths: Record<string, V3PathItem>;
  components: {
    schemas: Record<string, OpenAPISchema>;
    securitySchemes: Record<string, { type: string; name: string; in: string; description: string }>;
  };
  security: Record<string, string[]>[];
}

/** `/openapi/v3`: keys like "apis/orgplane.io/v1alpha1" (no leading slash). */
export interface OpenAPIV3Root {
  paths: Record<string, { serverRelativeURL: string }>;
}

// ---- v2 ----

export interface V2Parameter {
  name: string;
  in: 'path' | 'query' | 'body';
  description?: string;
  required?: boolean;
  type?: string;
  uniqueItems?: true;
  schema?: OpenAPISchema;
}

export interface V2Operation {
  description: string;
  operationId: string;
  tags: string[];
  consumes: string[];
  produces: string[];
  schemes: string[];
  parameters?: V2Parameter[];
  responses: Record<string, { description: string; schema?: OpenAPISchema }>;
  'x-kubernetes-action': string;
  'x-kubernetes-group-version-kind': GroupVersionKind;
}

export type V2PathItem = { parameters?: V2Parameter[] } & Partial<Record<HttpMethod, V2Operation>>;

export interface OpenAPIV2Document {
  swagger: '2.0';
  info: { title: string; version: string };
  paths: Record<string, V2PathItem>;
  definitions: Record<string, OpenAPISchema>;
  securityDefinitions: Record<string, { type: string; name: string; in: string; description: string }>;
  security: Record<string, string[]>[];
}
