/**
 * The HTTP operations a kind serves, independent of OpenAPI version: collection (list, create,
 * deletecollection), cross-namespace list, item (read, replace, patch, delete) and `/status`,
 * each only when the kind's verbs allow it. A virtual kind serves create only (and declares a PATCH
 * it answers 405, see validationProbe).
 */
import type { ResourceInfo } from '../../api/resource.js';
import { acceptedPatchTypes, PATCH_CONTENT_TYPES } from '../patch/type.js';
import { definitionName, groupVersionPrefix, META, operationId } from './names.js';
import type { Action } from './params.js';
import type { GroupVersionKind, HttpMethod } from './types.js';

export interface Response {
  readonly code: '200' | '201' | '202';
  readonly description: 'OK' | 'Created' | 'Accepted';
  /** definition name of the response body */
  readonly schema: string;
}

export interface Operation {
  readonly method: HttpMethod;
  readonly action: Action;
  readonly operationId: string;
  readonly description: string;
  readonly gvk: GroupVersionKind;
  readonly body?: {
    readonly schema: string;
    readonly contentTypes: readonly string[];
    readonly required: boolean;
  };
  readonly responses: readonly Response[];
  /** media types the response may be sent as */
  readonly produces: readonly string[];
}

export interface Route {
  readonly path: string;
  readonly pathParams: readonly ('namespace' | 'name')[];
  readonly kind: string;
  readonly operations: readonly Operation[];
}

type Spec = Omit<Operation, 'gvk' | 'produces' | 'operationId'> & {
  readonly idVerb: string;
  readonly idRest: string;
};

type Body = NonNullable<Operation['body']>;

const JSON_ONLY = ['application/json'];
const WATCHABLE = ['application/json', 'application/json;stream=watch'];

function spec(
  [method, action, idVerb]: readonly [HttpMethod, Action, string],
  idRest: string,
  description: string,
  responses: readonly Response[],
  body?: Body,
): Spec {
  return { method, action, idVerb, idRest, description, responses, ...(body && { body }) };
}

const LIST = ['get', 'list', 'list'] as const;
const CREATE = ['post', 'post', 'create'] as const;
const DELETE_COLLECTION = ['delete', 'deletecollection', 'delete'] as const;
const READ = ['get', 'get', 'read'] as const;
const REPLACE = ['put', 'put', 'replace'] as const;
const PATCH = ['patch', 'patch', 'patch'] as const;
const DELETE = ['delete', 'delete', 'delete'] as const;

function article(kind: string): string {
  return /^[AEIOU]/.test(kind) ? 'an' : 'a';
}

function ok(schema: string): Response {
  return { code: '200', description: 'OK', schema };
}

function written(schema: string, accepted: boolean): Response[] {
  const out: Response[] = [ok(schema), { code: '201', description: 'Created', schema }];
  return accepted ? [...out, { code: '202', description: 'Accepted', schema }] : out;
}

function collectionSpecs(r: ResourceInfo, kindDef: string, listDef: string, ns: string): Spec[] {
  const can = (v: string): boolean => (r.virtual ? v === 'create' : r.verbs.some((x) => x === v));
  const body: Body = { schema: kindDef, contentTypes: JSON_ONLY, required: true };
  const id = `${ns}${r.kind}`;
  return [
    can('list') && spec(LIST, id, `list or watch objects of kind ${r.kind}`, [ok(listDef)]),
    can('create') && spec(CREATE, id, `create ${article(r.kind)} ${r.kind}`, written(kindDef, true), body),
    can('deletecollection') &&
      spec(DELETE_COLLECTION, `Collection${id}`, `delete collection of ${r.kind}`, [ok(META.status)]),
  ].filter((x): x is Spec => x !== false);
}

function itemSpecs(r: ResourceInfo, kindDef: string, ns: string, status: boolean): Spec[] {
  const can = (v: string): boolean => status || r.verbs.some((x) => x === v);
  const of = status ? ' status of' : '';
  const id = `${ns}${r.kind}${status ? 'Status' : ''}`;
  const patchTypes = acceptedPatchTypes(r.strategicMergePatch).map((t) => PATCH_CONTENT_TYPES[t]);
  const replaceBody: Body = { schema: kindDef, contentTypes: JSON_ONLY, required: true };
  const patchBody: Body = { schema: META.patch, contentTypes: patchTypes, required: true };
  const deleteBody: Body = { schema: META.deleteOptions, contentTypes: JSON_ONLY, required: false };
  const deleted: Response[] = [
    ok(META.status),
    { code: '202', description: 'Accepted', schema: META.status },
  ];
  return [
    can('get') && spec(READ, id, `read${of} the specified ${r.kind}`, [ok(kindDef)]),
    can('update') &&
      spec(REPLACE, id, `replace${of} the specified ${r.kind}`, written(kindDef, false), replaceBody),
    can('patch') &&
      spec(PATCH, id, `partially update${of} the specified ${r.kind}`, written(kindDef, false), patchBody),
    !status && can('delete') && spec(DELETE, id, `delete ${article(r.kind)} ${r.kind}`, deleted, deleteBody),
  ].filter((x): x is Spec => x !== false);
}

/**
 * A virtual kind's PATCH, declared and never served (405): kubectl finds a kind's `fieldValidation`
 * support only on its PATCH operation, and without it validates `kubectl create -f` against OpenAPI
 * v2 in protobuf, which orgplane does not serve (KUBECTL-PROTOCOL.md).
 */
function validationProbe(r: ResourceInfo, kindDef: string, ns: string): Spec {
  const body: Body = { schema: META.patch, contentTypes: [PATCH_CONTENT_TYPES.merge], required: true };
  const what = `not served: ${r.kind} is create-only (declared so clients find fieldValidation)`;
  return spec(PATCH, `${ns}${r.kind}`, what, [ok(kindDef)], body);
}

function route(r: ResourceInfo, path: string, specs: Spec[]): Route {
  const gvk = { group: r.group, version: r.version, kind: r.kind };
  const pathParams: ('namespace' | 'name')[] = [];
  if (path.includes('{namespace}')) pathParams.push('namespace');
  if (path.includes('{name}')) pathParams.push('name');
  const operations = specs.map(({ idVerb, idRest, ...s }) => ({
    ...s,
    gvk,
    operationId: operationId(idVerb, r.group, r.version, idRest),
    produces: s.action === 'list' ? WATCHABLE : JSON_ONLY,
  }));
  return { path, pathParams, kind: r.kind, operations };
}

/** Every route of a kind that has at least one operation. */
export function resourceRoutes(r: ResourceInfo): Route[] {
  const kindDef = definitionName(r, r.kind);
  const listDef = definitionName(r, r.listKind);
  const prefix = groupVersionPrefix(r.group, r.version);
  const ns = r.namespaced ? 'Namespaced' : '';
  const base = r.namespaced ? `${prefix}/namespaces/{namespace}/${r.plural}` : `${prefix}/${r.plural}`;
  const routes: Route[] = [];
  if (r.namespaced && !r.virtual && r.verbs.includes('list')) {
    const all = spec(LIST, `${r.kind}ForAllNamespaces`, `list or watch objects of kind ${r.kind}`, [
      ok(listDef),
    ]);
    routes.push(route(r, `${prefix}/${r.plural}`, [all]));
  }
  routes.push(route(r, base, collectionSpecs(r, kindDef, listDef, ns)));
  if (r.virtual) {
    routes.push(route(r, `${base}/{name}`, [validationProbe(r, kindDef, ns)]));
  } else {
    routes.push(route(r, `${base}/{name}`, itemSpecs(r, kindDef, ns, false)));
    if (r.statusSubresource) routes.push(route(r, `${base}/{name}/status`, itemSpecs(r, kindDef, ns, true)));
  }
  return routes.filter((x) => x.operations.length > 0);
}
