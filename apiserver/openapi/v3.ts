/**
 * The OpenAPI v3 document of one group-version (`/openapi/v3/apis/<g>/<v>`, `/openapi/v3/api/v1`):
 * its kinds' paths and operations, and in components.schemas the kinds, their lists and the
 * meta/v1 definitions they reference.
 */
import type { ResourceInfo } from '../../api/resource.js';
import { kindSchemas } from './kind-schema.js';
import { metaSchemas } from './meta-schemas.js';
import { operationTag, ref } from './names.js';
import { resourceRoutes, type Operation, type Route } from './operations.js';
import { PRETTY, queryParamsFor, type QueryParam } from './params.js';
import { SECURITY, SECURITY_SCHEMES } from './security.js';
import type {
  OpenAPISchema,
  OpenAPIV3Document,
  V3Content,
  V3Operation,
  V3Parameter,
  V3PathItem,
} from './types.js';

function queryParameter(p: QueryParam): V3Parameter {
  return {
    name: p.name,
    in: 'query',
    description: p.description,
    schema: { type: p.type, uniqueItems: true },
  };
}

function pathParameter(name: 'namespace' | 'name', kind: string): V3Parameter {
  const description =
    name === 'name' ? `name of the ${kind}` : 'object name and auth scope, such as for teams and projects';
  return { name, in: 'path', description, required: true, schema: { type: 'string', uniqueItems: true } };
}

function content(types: readonly string[], schema: OpenAPISchema): V3Content {
  return Object.fromEntries(types.map((t) => [t, { schema }]));
}

function operation(op: Operation, tag: string): V3Operation {
  const out: V3Operation = {
    description: op.description,
    operationId: op.operationId,
    tags: [tag],
    responses: {},
    'x-kubernetes-action': op.action,
    'x-kubernetes-group-version-kind': { ...op.gvk },
  };
  const params = queryParamsFor(op.action).map(queryParameter);
  if (params.length > 0) out.parameters = params;
  if (op.body) {
    out.requestBody = { content: content(op.body.contentTypes, ref('v3', op.body.schema)) };
    if (op.body.required) out.requestBody.required = true;
  }
  for (const r of op.responses) {
    out.responses[r.code] = {
      description: r.description,
      content: content(op.produces, ref('v3', r.schema)),
    };
  }
  out.responses['401'] = { description: 'Unauthorized' };
  return out;
}

function pathItem(route: Route, tag: string): V3PathItem {
  const item: V3PathItem = {
    parameters: [...route.pathParams.map((p) => pathParameter(p, route.kind)), queryParameter(PRETTY)],
  };
  for (const op of route.operations) item[op.method] = operation(op, tag);
  return item;
}

/** The document for the resources of one group-version (callers pass only those). */
export function openAPIV3Document(resources: readonly ResourceInfo[], title = 'orgplane'): OpenAPIV3Document {
  const first = resources[0];
  const tag = first ? operationTag(first.group, first.version) : '';
  const paths: Record<string, V3PathItem> = {};
  const schemas: Record<string, OpenAPISchema> = metaSchemas('v3');
  const sorted = [...resources].sort((a, b) => (a.plural < b.plural ? -1 : 1));
  for (const r of sorted) {
    for (const route of resourceRoutes(r)) paths[route.path] = pathItem(route, tag);
    Object.assign(schemas, kindSchemas(r, 'v3'));
  }
  return {
    openapi: '3.0.0',
    info: { title, version: first?.version ?? '' },
    paths,
    components: {
      schemas: Object.fromEntries(Object.entries(schemas).sort(([a], [b]) => (a < b ? -1 : 1))),
      securitySchemes: SECURITY_SCHEMES,
    },
    security: SECURITY,
  };
}
