/** GET of one object, and list. */
import { badRequest } from '../errors/status.js';
import { intParam } from '../http/query.js';
import { sendJson } from '../http/respond.js';
import { sendJsonParts } from '../http/stream.js';
import { rawListParts } from '../registry/list.js';
import { scoped, type HandlerContext } from './context.js';

export async function handleGet(ctx: HandlerContext): Promise<void> {
  const obj = await ctx.store.get(ctx.namespace, ctx.info.name);
  sendJson(ctx.resp, 200, ctx.services.presenter.object(ctx.res, obj, ctx.req.headers.accept, ctx.query));
}

export async function handleList(ctx: HandlerContext): Promise<void> {
  const q = ctx.query;
  const sel = scoped(ctx, ctx.services.select(ctx.res, q.labelSelector, q.fieldSelector));
  const limit = intParam(q, 'limit');
  if (limit !== undefined && limit < 0) throw badRequest(`limit must be non-negative`);
  const result = await ctx.store.listRaw({
    namespace: ctx.namespace,
    filter: sel.filter,
    ...(sel.exactName !== undefined ? { exactName: sel.exactName } : {}),
    ...(limit !== undefined ? { limit } : {}),
    ...(q.continue ? { continueToken: q.continue } : {}),
    ...(q.resourceVersion !== undefined ? { resourceVersion: q.resourceVersion } : {}),
    ...(q.resourceVersionMatch !== undefined ? { resourceVersionMatch: q.resourceVersionMatch } : {}),
  });
  const body = ctx.services.presenter.list(ctx.res, result.list, ctx.req.headers.accept, ctx.query);
  if (body !== result.list) {
    sendJson(ctx.resp, 200, body);
    return;
  }
  const { head, tail } = rawListParts(result);
  await sendJsonParts(ctx.resp, 200, head, result.raw, tail);
}
