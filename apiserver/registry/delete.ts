/**
 * Deletes (kube's graceful deletion without grace periods): an object with finalizers, or deleted
 * with propagationPolicy Foreground/Orphan, or of a kind that finishes deletion in a controller
 * (namespaces), is only marked with deletionTimestamp (plus the foregroundDeletion/orphan
 * finalizer); the garbage collector and controllers remove finalizers, and the write that removes
 * the last one deletes the key (see write.ts). Everything else is removed at once.
 */
import { copyJson } from '../../api/json.js';
import type { KubeObject } from '../../api/meta.js';
import type { ResourceInfo } from '../../api/resource.js';
import type { UserInfo } from '../../api/user.js';
import { badRequest, conflict, notFound } from '../errors/status.js';
import { toApiError } from '../errors/translate.js';
import type { KeyValue } from '../storage/interface.js';
import { decode, encode } from '../storage/codec.js';
import { objectKey } from './keys.js';
import { timestamp } from './strategy.js';
import { guardsOf, untilCommitted, type Attempt } from './retry.js';
import type { StoreDeps } from './types.js';

export type PropagationPolicy = 'Background' | 'Foreground' | 'Orphan';

export interface DeleteRequest {
  readonly namespace: string;
  readonly name: string;
  readonly propagationPolicy?: PropagationPolicy;
  readonly preconditions?: { readonly uid?: string; readonly resourceVersion?: string };
  readonly dryRun: boolean;
  readonly user: UserInfo;
}

export interface DeleteOutcome {
  /** the object as deleted, or as marked for deletion */
  readonly object: KubeObject;
  /** true when the key is gone; false when only marked (finalizers pending) */
  readonly deleted: boolean;
}

const POLICY_FINALIZER: Record<PropagationPolicy, string | undefined> = {
  Background: undefined,
  Foreground: 'foregroundDeletion',
  Orphan: 'orphan',
};

export function parsePropagationPolicy(v: unknown): PropagationPolicy | undefined {
  if (v === undefined || v === null || v === '') return undefined;
  if (v === 'Background' || v === 'Foreground' || v === 'Orphan') return v;
  throw badRequest(
    `DeleteOptions.propagationPolicy: Unsupported value: ${JSON.stringify(v)}: supported values: "Foreground", "Background", "Orphan"`,
  );
}

function checkPreconditions(res: ResourceInfo, obj: KubeObject, req: DeleteRequest): void {
  const gr = { group: res.group, resource: res.plural };
  const pre = req.preconditions;
  if (pre?.uid && pre.uid !== obj.metadata.uid)
    throw conflict(
      gr,
      req.name,
      `Precondition failed: UID in precondition: ${pre.uid}, UID in object meta: ${obj.metadata.uid ?? ''}`,
    );
  if (pre?.resourceVersion && pre.resourceVersion !== obj.metadata.resourceVersion)
    throw conflict(
      gr,
      req.name,
      `Precondition failed: ResourceVersion in precondition: ${pre.resourceVersion}, ResourceVersion in object meta: ${obj.metadata.resourceVersion ?? ''}`,
    );
}

/** The marked object, or undefined when the object can go at once. */
function markForDeletion(
  deps: StoreDeps,
  res: ResourceInfo,
  obj: KubeObject,
  req: DeleteRequest,
): KubeObject | undefined {
  const finalizers = [...(obj.metadata.finalizers ?? [])];
  const extra = POLICY_FINALIZER[req.propagationPolicy ?? 'Background'];
  if (extra && !finalizers.includes(extra)) finalizers.push(extra);
  const hooks = deps.hooks(res);
  const mark = hooks.deleteMode?.(obj) === 'mark';
  if (finalizers.length === 0 && !mark) return undefined;
  const next = copyJson(obj);
  next.metadata.deletionTimestamp ??= timestamp(deps.now());
  next.metadata.deletionGracePeriodSeconds = 0;
  if (finalizers.length > 0) next.metadata.finalizers = finalizers;
  // A kind finished by a controller sees the mark through its update hook, with the marked
  // object as the previous state: a namespace turns Terminating as it is marked.
  if (mark) hooks.prepareForUpdate?.(next, next);
  return next;
}

export function deleteObject(deps: StoreDeps, res: ResourceInfo, req: DeleteRequest): Promise<DeleteOutcome> {
  return untilCommitted(res, req.name, () => attemptDelete(deps, res, req));
}

async function attemptDelete(
  deps: StoreDeps,
  res: ResourceInfo,
  req: DeleteRequest,
): Promise<Attempt<DeleteOutcome>> {
  const gr = { group: res.group, resource: res.plural };
  const key = objectKey(res, req.namespace, req.name);
  let kv: KeyValue | undefined;
  try {
    kv = await deps.storage.get(key);
  } catch (err) {
    throw toApiError(err, gr, req.name);
  }
  if (!kv) throw notFound(gr, req.name);
  const obj = decode(kv);
  checkPreconditions(res, obj, req);
  await deps.hooks(res).beforeDelete?.(obj, { user: req.user, dryRun: req.dryRun });
  const marked = markForDeletion(deps, res, obj, req);
  if (!marked) return removeKey(deps, res, { key, kv, obj, req });
  if (req.dryRun || JSON.stringify(marked) === JSON.stringify(obj))
    return { done: true, result: { object: marked, deleted: false } };
  const r = await deps.storage.txn({
    compares: [{ key, target: 'modRevision', op: '=', value: kv.modRevision }],
    success: [{ type: 'put', key, value: encode(marked) }],
  });
  const written = r.results[0];
  if (r.succeeded && written) return { done: true, result: { object: decode(written), deleted: false } };
  return { done: false, guards: [] };
}

interface RemoveArgs {
  readonly key: string;
  readonly kv: KeyValue;
  readonly obj: KubeObject;
  readonly req: Pick<DeleteRequest, 'dryRun' | 'user' | 'namespace' | 'name'>;
}

/** Delete the key with DELETE admission contributions (quota counters), in one attempt. */
export async function removeKey(
  deps: StoreDeps,
  res: ResourceInfo,
  a: RemoveArgs,
): Promise<Attempt<DeleteOutcome>> {
  const attrs = {
    operation: 'DELETE' as const,
    resource: res,
    subresource: '',
    namespace: a.req.namespace,
    name: a.req.name,
    object: undefined,
    oldObject: a.obj,
    user: a.req.user,
    dryRun: a.req.dryRun,
    txn: { compares: [], ops: [], charges: [] },
    warnings: [],
  };
  await deps.admission.admit(attrs);
  await deps.admission.validate(attrs);
  if (a.req.dryRun) return { done: true, result: { object: a.obj, deleted: true } };
  try {
    const r = await deps.committer.commit({
      compares: [
        { key: a.key, target: 'modRevision', op: '=', value: a.kv.modRevision },
        ...attrs.txn.compares,
      ],
      ops: [{ type: 'delete', key: a.key }, ...attrs.txn.ops],
      charges: attrs.txn.charges,
    });
    if (!r.committed) return { done: false, guards: guardsOf(attrs.txn.compares, a.key) };
    return { done: true, result: { object: decode(a.kv, r.revision), deleted: true } };
  } catch (err) {
    throw toApiError(err, { group: res.group, resource: res.plural }, a.req.name);
  }
}
