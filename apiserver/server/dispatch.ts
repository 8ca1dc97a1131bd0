/**
 * Routes a resource request to its verb handler after resolving the resource from the catalog.
 * Unknown resources answer kube's 404 "the server could not find the requested resource".
 */
import type { Request, Response } from 'express';
import type { ResourceInfo } from '../../api/resource.js';
import type { UserInfo } from '../../api/user.js';
import { ApiError, methodNotSupported } from '../errors/status.js';
import type { HandlerContext, HandlerServices } from '../handlers/context.js';
import { handleDelete, handleDeleteCollection } from '../handlers/delete.js';
import { handleGet, handleList } from '../handlers/read.js';
import { handleWatch } from '../handlers/watch.js';
import { handleCreate, handlePatch, handleUpdate } from '../handlers/write.js';
import type { Query } from '../http/query.js';
import type { RequestInfo, RequestVerb } from '../http/requestinfo.js';
import type { Registry } from '../registry/registry.js';

export const resourceNotFound = (): ApiError =>
  new ApiError(404, 'NotFound', 'the server could not find the requested resource', {});

const HANDLERS: Record<RequestVerb, (ctx: HandlerContext) => Promise<void>> = {
  get: handleGet,
  list: handleList,
  watch: handleWatch,
  create: handleCreate,
  update: handleUpdate,
  patch: handlePatch,
  delete: handleDelete,
  deletecollection: handleDeleteCollection,
};

/** A create on a subresource that is an action rather than a stored field (token, password...). */
export type SubresourceHandler = (ctx: HandlerContext) => Promise<void>;

export interface DispatchDeps {
  readonly registry: Registry;
  readonly services: HandlerServices;
  /** virtual kinds (reviews) and action subresources, keyed "group/plural" or "group/plural/sub" */
  readonly special: ReadonlyMap<string, SubresourceHandler>;
  /** get-only subresources that are computed, not stored (organizations/activity), keyed "group/plural/sub" */
  readonly readSubresources?: ReadonlyMap<string, SubresourceHandler>;
}

export function resolveResource(deps: DispatchDeps, info: RequestInfo): ResourceInfo {
  const res = deps.registry.catalog.lookup(info.group, info.version, info.resource);
  if (!res) throw resourceNotFound();
  const isNamespaceItself = res.group === '' && res.plural === 'namespaces';
  if (!res.namespaced && info.namespace !== '' && !isNamespaceItself) throw resourceNotFound();
  if (
    info.subresource !== '' &&
    info.subresource !== 'status' &&
    !deps.special.has(specialKey(res, info.subresource)) &&
    !deps.readSubresources?.has(specialKey(res, info.subresource))
  )
    throw resourceNotFound();
  if (info.subresource === 'status' && !res.statusSubresource) throw resourceNotFound();
  return res;
}

const specialKey = (res: ResourceInfo, sub = ''): string =>
  `${res.group}/${res.plural}${sub ? '/' + sub : ''}`;

export interface DispatchRequest {
  readonly info: RequestInfo;
  readonly user: UserInfo;
  readonly query: Query;
  readonly readScope: ReadonlySet<string> | undefined;
}

export async function dispatch(
  deps: DispatchDeps,
  r: DispatchRequest,
  req: Request,
  resp: Response,
): Promise<void> {
  const { info, user, query } = r;
  const res = resolveResource(deps, info);
  const ctx: HandlerContext = {
    info,
    res,
    store: deps.registry.store(res),
    namespace: res.namespaced ? info.namespace : '',
    user,
    query,
    req,
    resp,
    services: deps.services,
    ...(r.readScope ? { readScope: r.readScope } : {}),
  };
  const reader = deps.readSubresources?.get(specialKey(res, info.subresource));
  if (reader && info.verb === 'get') return reader(ctx);
  const special = deps.special.get(specialKey(res, info.subresource));
  if (special && (info.verb === 'create' || res.virtual)) return special(ctx);
  if (res.virtual || (info.subresource !== '' && info.subresource !== 'status'))
    throw methodNotSupported({ group: res.group, resource: res.plural }, info.verb);
  if (!res.verbs.includes(info.verb))
    throw methodNotSupported({ group: res.group, resource: res.plural }, info.verb);
  deps.services.presenter.negotiate(req.headers.accept, query);
  await HANDLERS[info.verb](ctx);
}
