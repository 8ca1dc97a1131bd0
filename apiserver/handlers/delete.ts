/** DELETE of one object, and deletecollection. */
import type { KubeObject } from '../../api/meta.js';
import { badRequest, successStatus } from '../errors/status.js';
import { readBody, parseJson } from '../http/body.js';
import { dryRunOf } from '../http/query.js';
import { sendJson } from '../http/respond.js';
import { parsePropagationPolicy, type DeleteRequest } from '../registry/delete.js';
import type { HandlerContext } from './context.js';

interface DeleteOptionsBody {
  propagationPolicy?: unknown;
  orphanDependents?: unknown;
  dryRun?: unknown;
  preconditions?: { uid?: unknown; resourceVersion?: unknown };
}

async function deleteOptions(ctx: HandlerContext): Promise<Omit<DeleteRequest, 'name' | 'namespace'>> {
  const text = (await readBody(ctx.req)).toString('utf8').trim();
  const body = (text === '' ? {} : parseJson(text)) as DeleteOptionsBody | null;
  if (typeof body !== 'object' || body === null) throw badRequest('DeleteOptions must be a JSON object');
  let policy = parsePropagationPolicy(body.propagationPolicy ?? ctx.query.propagationPolicy);
  const orphan = body.orphanDependents ?? (ctx.query.orphanDependents === 'true' ? true : undefined);
  if (policy === undefined && orphan === true) policy = 'Orphan';
  const dryRun = Array.isArray(body.dryRun) ? body.dryRun.includes('All') : dryRunOf(ctx.query);
  const pre = body.preconditions;
  const preconditions = {
    ...(typeof pre?.uid === 'string' ? { uid: pre.uid } : {}),
    ...(typeof pre?.resourceVersion === 'string' ? { resourceVersion: pre.resourceVersion } : {}),
  };
  return { ...(policy ? { propagationPolicy: policy } : {}), preconditions, dryRun, user: ctx.user };
}

export async function handleDelete(ctx: HandlerContext): Promise<void> {
  if (ctx.info.subresource !== '') throw badRequest(`cannot delete subresource ${ctx.info.subresource}`);
  const opts = await deleteOptions(ctx);
  const out = await ctx.store.delete({ ...opts, namespace: ctx.namespace, name: ctx.info.name });
  if (!out.deleted) {
    sendJson(
      ctx.resp,
      200,
      ctx.services.presenter.object(ctx.res, out.object, ctx.req.headers.accept, ctx.query),
    );
    return;
  }
  // kube's generic store (ReturnDeletedObject unset, as for custom resources) answers a Success Status
  const uid = out.object.metadata.uid;
  sendJson(
    ctx.resp,
    200,
    successStatus({
      name: ctx.info.name,
      ...(ctx.res.group !== '' ? { group: ctx.res.group } : {}),
      kind: ctx.res.plural,
      ...(uid !== undefined ? { uid } : {}),
    }),
  );
}

export async function handleDeleteCollection(ctx: HandlerContext): Promise<void> {
  const opts = await deleteOptions(ctx);
  const sel = ctx.services.select(ctx.res, ctx.query.labelSelector, ctx.query.fieldSelector);
  const list = await ctx.store.list({ namespace: ctx.namespace, filter: sel.filter });
  const deleted: KubeObject[] = [];
  for (const obj of list.items) {
    const name = obj.metadata.name ?? '';
    const ns = ctx.res.namespaced ? (obj.metadata.namespace ?? '') : '';
    try {
      const out = await ctx.store.delete({ ...opts, namespace: ns, name });
      deleted.push(out.object);
    } catch (err) {
      if ((err as { code?: unknown }).code !== 404) throw err;
    }
  }
  sendJson(ctx.resp, 200, { ...list, items: deleted });
}
