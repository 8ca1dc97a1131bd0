/**
 * The OpenAPI v2 (swagger 2.0) document of everything served, as JSON (`/openapi/v2`). kubectl
 * asks for it only in protobuf; answer it 404 then (see acceptsJSON in discovery/media-type.ts)
 * and serve this to clients that accept JSON.
 */
import type { ResourceInfo } from '../../api/resource.js';
import { kindSchemas } from './kind-schema.js';
import { metaSchemas } from './meta-schemas.js';
import { operationTag, ref } from './names.js';
import { resourceRoutes, type Operation, type Route } from './operations.js';
import { PRETTY, queryParamsFor, type QueryParam } from './params.js';
import { SECURITY, SECURITY_SCHEMES } from './security.js';
import type { OpenAPISchema, OpenAPIV2Document, V2Operation, V2Parameter, V2PathItem } from './types.js';

function queryParameter(p: QueryParam): V2Parameter {
  return { name: p.name, in: 'query', description: p.description, type: p.type, uniqueItems: true };
}

function pathParameter(name: 'namespace' | 'name', kind: string): V2Parameter {
  const description =
    name === 'name' ? `name of the ${kind}` : 'object name and auth scope, such as for teams and projects';
  return { name, in: 'path', description, required: true, type: 'string', uniqueItems: true };
}

function operation(op: Operation): V2Operation {
  const { group, version } = op.gvk;
  const out: V2Operation = {
    description: op.description,
    operationId: op.operationId,
    tags: [operationTag(group, version)],
    consumes: op.body ? [...op.body.contentTypes] : ['*/*'],
    produces: [...op.produces],
    schemes: ['https'],
    responses: {},
    'x-kubernetes-action': op.action,
    'x-kubernetes-group-version-kind': { ...op.gvk },
  };
  const params: V2Parameter[] = [];
  if (op.body) {
    const body: V2Parameter = { name: 'body', in: 'body', schema: ref('v2', op.body.schema) };
    if (op.body.required) body.required = true;
    params.push(body);
  }
  params.push(...queryParamsFor(op.action).map(queryParameter));
  if (params.length > 0) out.parameters = params;
  for (const r of op.responses)
    out.responses[r.code] = { description: r.description, schema: ref('v2', r.schema) };
  out.responses['401'] = { description: 'Unauthorized' };
  return out;
}

function pathItem(route: Route): V2PathItem {
  const item: V2PathItem = {
    parameters: [...route.pathParams.map((p) => pathParameter(p, route.kind)), queryParameter(PRETTY)],
  };
  for (const op of route.operations) item[op.method] = operation(op);
  return item;
}

/** One document for every served resource. */
export function openAPIV2Document(resources: readonly ResourceInfo[], title = 'orgplane'): OpenAPIV2Document {
  const paths: Record<string, V2PathItem> = {};
  const definitions: Record<string, OpenAPISchema> = metaSchemas('v2');
  for (const r of resources) {
    for (const route of resourceRoutes(r)) paths[route.path] = pathItem(route);
    Object.assign(definitions, kindSchemas(r, 'v2'));
  }
  const sortedPaths = Object.fromEntries(Object.entries(paths).sort(([a], [b]) => (a < b ? -1 : 1)));
  return {
    swagger: '2.0',
    info: { title, version: 'unversioned' },
    paths: sortedPaths,
    definitions: Object.fromEntries(Object.entries(definitions).sort(([a], [b]) => (a < b ? -1 : 1))),
    securityDefinitions: SECURITY_SCHEMES,
    security: SECURITY,
  };
}
