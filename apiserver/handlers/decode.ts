/** Turning a decoded body into the object a handler works on, with kube's checks and wording. */
import { isObject } from '../../api/json.js';
import type { KubeObject } from '../../api/meta.js';
import { apiVersionOf } from '../../api/resource.js';
import { badRequest } from '../errors/status.js';
import { decodeObjectBody, readBody } from '../http/body.js';
import type { HandlerContext } from './context.js';

/** Check apiVersion/kind against the URL's resource and default them when absent. */
export function asObject(ctx: HandlerContext, raw: unknown): KubeObject {
  if (!isObject(raw)) throw badRequest('the body of the request must be a JSON object');
  const want = apiVersionOf(ctx.res);
  const apiVersion = raw.apiVersion ?? want;
  const kind = raw.kind ?? ctx.res.kind;
  if (typeof apiVersion !== 'string' || typeof kind !== 'string')
    throw badRequest("Object 'apiVersion' and 'kind' must be strings");
  if (apiVersion !== want) {
    const sameGroup = ctx.res.group !== '' && apiVersion.startsWith(`${ctx.res.group}/`);
    if (!sameGroup)
      throw badRequest(
        `the API version in the data (${apiVersion}) does not match the expected API version (${want})`,
      );
  }
  if (kind !== ctx.res.kind)
    throw badRequest(`the kind in the data (${kind}) does not match the expected kind (${ctx.res.kind})`);
  const metadata = raw.metadata ?? {};
  if (!isObject(metadata)) throw badRequest('metadata must be an object');
  const { apiVersion: _a, kind: _k, metadata: _m, ...rest } = raw;
  // kube's field order: apiVersion, kind, metadata, then the rest
  return { apiVersion: want, kind, metadata, ...rest };
}

export async function readObject(ctx: HandlerContext): Promise<KubeObject> {
  const body = await readBody(ctx.req);
  if (body.length === 0) throw badRequest('the body of the request was empty');
  return asObject(ctx, decodeObjectBody(body, ctx.req.headers['content-type'], ctx.services.protobuf));
}
