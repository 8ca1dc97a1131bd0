/** create (POST), update (PUT) and patch (PATCH) of objects and their status. */
import { ApiError, badRequest, invalid, notFound } from '../errors/status.js';
import { parseJson, parseYaml, readBody } from '../http/body.js';
import { boolParam, dryRunOf, fieldManagerOf, fieldValidationOf } from '../http/query.js';
import { recordWritten, sendJson, sendText, setWarnings } from '../http/respond.js';
import { patchTypeFor, type PatchType } from '../patch/index.js';
import type { WriteOptions, WriteResult } from '../registry/types.js';
import type { HandlerContext } from './context.js';
import { readObject } from './decode.js';

function writeOptions(ctx: HandlerContext): WriteOptions {
  return {
    dryRun: dryRunOf(ctx.query),
    fieldManager: fieldManagerOf(ctx.query, ctx.req.headers['user-agent']),
    fieldValidation: fieldValidationOf(ctx.query),
    user: ctx.user,
    subresource: ctx.info.subresource,
  };
}

/** Only the status subresource is writable through these verbs. */
function checkSubresource(ctx: HandlerContext): void {
  const sub = ctx.info.subresource;
  if (sub === '') return;
  if (sub === 'status' && ctx.res.statusSubresource) return;
  throw notFound({ group: ctx.res.group, resource: `${ctx.res.plural}/${sub}` }, ctx.info.name);
}

function reply(ctx: HandlerContext, result: WriteResult, createdCode: number): void {
  setWarnings(ctx.resp, result.warnings);
  recordWritten(ctx.resp, result.object);
  const body = ctx.services.presenter.object(ctx.res, result.object, ctx.req.headers.accept, ctx.query);
  const code = result.created ? createdCode : 200;
  if (body === result.object && result.json !== undefined) sendText(ctx.resp, code, result.json);
  else sendJson(ctx.resp, code, body);
}

/** kube routes POST to collections only and PUT/PATCH to objects only; anything else is 405. */
function checkRoute(ctx: HandlerContext, named: boolean): void {
  if ((ctx.info.name !== '') !== named)
    throw new ApiError(
      405,
      'MethodNotAllowed',
      'the server does not allow this method on the requested resource',
      {},
    );
}

export async function handleCreate(ctx: HandlerContext): Promise<void> {
  checkRoute(ctx, false);
  const obj = await readObject(ctx);
  const result = await ctx.store.create(ctx.namespace, obj, writeOptions(ctx));
  reply(ctx, result, 201);
}

export async function handleUpdate(ctx: HandlerContext): Promise<void> {
  checkRoute(ctx, true);
  checkSubresource(ctx);
  const obj = await readObject(ctx);
  const result = await ctx.store.update(ctx.namespace, ctx.info.name, obj, writeOptions(ctx));
  reply(ctx, result, 201);
}

/** kube's ValidatePatchOptions: a 422 on the PatchOptions pseudo-object. */
function checkPatchOptions(ctx: HandlerContext, type: PatchType): void {
  const invalidOptions = (field: string, reason: string, detail: string): ApiError =>
    invalid({ group: 'meta.k8s.io', kind: 'PatchOptions' }, '', [
      { field, reason, detail, message: `${field}: ${detail}` },
    ]);
  if (type === 'apply' && (ctx.query.fieldManager === undefined || ctx.query.fieldManager === ''))
    throw invalidOptions('fieldManager', 'FieldValueRequired', 'Required value: is required for apply patch');
  if (type !== 'apply' && ctx.query.force !== undefined)
    throw invalidOptions(
      'force',
      'FieldValueForbidden',
      'Forbidden: may not be specified for non-apply patch',
    );
}

export async function handlePatch(ctx: HandlerContext): Promise<void> {
  checkRoute(ctx, true);
  checkSubresource(ctx);
  const type = patchTypeFor(ctx.req.headers['content-type'], ctx.res.strategicMergePatch);
  const text = (await readBody(ctx.req)).toString('utf8');
  if (text.trim() === '') throw badRequest('the body of the request was empty');
  const patch = type === 'apply' ? parseYaml(text) : parseJson(text);
  checkPatchOptions(ctx, type);
  const force = boolParam(ctx.query, 'force');
  const result = await ctx.store.patch(ctx.namespace, ctx.info.name, type, patch, {
    ...writeOptions(ctx),
    force,
  });
  reply(ctx, result, 201);
}
