/**
 * The write pipeline every create, update and patch goes through (kube's registry Store):
 * read → build the desired object → prune/default → mutating admission → validate → validating
 * admission → managed fields → one storage txn guarded by the revision read plus whatever
 * admission contributed. A lost race re-runs the whole pipeline on a fresh read, so admission
 * decisions (quota) always hold at commit time. A rejected request writes nothing.
 */
import { copyJson } from '../../api/json.js';
import type { KubeObject } from '../../api/meta.js';
import type { ResourceInfo } from '../../api/resource.js';
import type { Attributes, Operation } from '../admission/types.js';
import { decodeEntry, withResourceVersion, type Entry } from '../cache/entry.js';
import { badRequest, conflict, invalid, MODIFIED } from '../errors/status.js';
import { toApiError } from '../errors/translate.js';
import { unknownFieldsOutcome } from '../schema/unknown-fields.js';
import type { KeyValue } from '../storage/interface.js';
import { asStored, decode, encode } from '../storage/codec.js';
import { removeKey } from './delete.js';
import { resourcePrefix } from './keys.js';
import { guardsOf, untilCommitted, type Attempt } from './retry.js';
import { dropEmptyMetadata, meaningfullyChanged } from './strategy.js';
import type { StoreDeps, WriteOptions, WriteResult } from './types.js';

export interface WriteRequest {
  readonly res: ResourceInfo;
  readonly key: string;
  readonly namespace: string;
  readonly name: string;
  readonly opts: WriteOptions;
  /**
   * Build the object to store from the current one (undefined: absent). Throw ApiError to refuse
   * (e.g. AlreadyExists, NotFound, a stale resourceVersion). `explicitVersion` tells the pipeline
   * that the caller pinned a resourceVersion, so a lost race is a 409 rather than a retry.
   */
  build(current: KubeObject | undefined): Promise<BuildResult> | BuildResult;
  /**
   * A create: the first attempt skips the storage read when the watch cache holds no such key;
   * the txn's create-if-absent compare still decides, and a lost race re-reads.
   */
  readonly expectAbsent?: boolean;
}

export interface BuildResult {
  readonly object: KubeObject;
  readonly operation: Operation;
  readonly explicitVersion?: boolean;
  /** skip managedFields bookkeeping (server-side apply already did it) */
  readonly managedFieldsDone?: boolean;
}

const gr = (res: ResourceInfo): { group: string; resource: string } => ({
  group: res.group,
  resource: res.plural,
});

async function prepare(
  deps: StoreDeps,
  req: WriteRequest,
  current: KubeObject | undefined,
): Promise<{ attrs: Attributes; built: BuildResult }> {
  const built = await req.build(current === undefined ? undefined : copyJson(current));
  const { res } = req;
  const obj = built.object;
  const unknown = unknownFieldsOutcome(deps.validator.prune(res, obj), req.opts.fieldValidation);
  if (unknown.badRequest !== undefined) throw badRequest(unknown.badRequest);
  const warnings = [...unknown.warnings];
  deps.validator.applyDefaults(res, obj);
  const attrs: Attributes = {
    operation: built.operation,
    resource: res,
    subresource: req.opts.subresource,
    namespace: req.namespace,
    name: req.name,
    object: obj,
    oldObject: current,
    user: req.opts.user,
    dryRun: req.opts.dryRun,
    txn: { compares: [], ops: [], charges: [] },
    warnings,
  };
  await deps.admission.admit(attrs);
  dropEmptyMetadata(obj);
  const hooks = deps.hooks(res);
  const causes = [...deps.validator.validate(res, obj, current), ...(hooks.validate?.(obj, current) ?? [])];
  if (causes.length > 0) throw invalid({ group: res.group, kind: res.kind }, req.name, causes);
  await deps.admission.validate(attrs);
  return { attrs, built };
}

function withManagedFields(
  deps: StoreDeps,
  req: WriteRequest,
  built: BuildResult,
  current?: KubeObject,
): KubeObject {
  if (built.managedFieldsDone) return built.object;
  return deps.fieldManager.update({
    res: req.res,
    oldObj: current,
    newObj: built.object,
    manager: req.opts.fieldManager,
    subresource: req.opts.subresource,
  });
}

/** A write that removes the last finalizer of an object being deleted deletes it. */
function finalizedAway(deps: StoreDeps, req: WriteRequest, obj: KubeObject): boolean {
  const meta = obj.metadata;
  if (meta.deletionTimestamp === undefined || (meta.finalizers ?? []).length > 0) return false;
  return deps.hooks(req.res).deleteMode?.(obj) !== 'mark';
}

/**
 * Where an attempt finds the current object: nowhere (a create the watch cache says is new), the
 * watch cache's entry (kube's cachedExistingObject: the first attempt of an update whose object is
 * cached), or storage.
 */
type Source = 'absent' | 'storage' | Entry;

/** Run the pipeline until it commits, refuses, or runs out of attempts. */
export function commitWrite(deps: StoreDeps, req: WriteRequest): Promise<WriteResult> {
  let first = !req.opts.dryRun;
  return untilCommitted(req.res, req.name, () => {
    const source = first ? firstSource(deps, req) : 'storage';
    first = false;
    return typeof source === 'object'
      ? attemptFromCache(deps, req, source)
      : attemptWrite(deps, req, source === 'absent');
  });
}

/** The first attempt's source: the synced watch cache's entry for the key, or its absence. */
function firstSource(deps: StoreDeps, req: WriteRequest): Source {
  const wc = deps.watchCache;
  if (!wc?.isSynced) return 'storage';
  const entry = wc.resource(resourcePrefix(req.res))?.get(req.key);
  if (entry === undefined) return req.expectAbsent === true ? 'absent' : 'storage';
  return entry;
}

/**
 * An attempt on the watch cache's copy of the object, which may lag storage. It stands only when
 * it commits, or when it changes nothing and storage still holds that copy's revision: a refusal
 * (a stale resourceVersion, admission, validation), a lost race, or a write that would delete the
 * object is decided again on a storage read, as kube's GuaranteedUpdate does with a cached object.
 */
async function attemptFromCache(
  deps: StoreDeps,
  req: WriteRequest,
  entry: Entry,
): Promise<Attempt<WriteResult>> {
  const again: Attempt<WriteResult> = { done: false, guards: [] };
  try {
    const current = decodeEntry(entry);
    const { attrs, built } = await prepare(deps, req, current);
    const object = withManagedFields(deps, req, built, current);
    const done = (stored: Stored): Attempt<WriteResult> => ({
      done: true,
      result: { ...stored, created: false, warnings: attrs.warnings },
    });
    if (!meaningfullyChanged(object, current)) {
      // a no-op only if storage still holds the cached revision, stored as it would be now
      const kv = await deps.storage.get(req.key);
      const unchanged = kv?.modRevision === entry.rev && kv.stale !== true;
      return unchanged ? done({ object: current, json: entry.json }) : again;
    }
    if (finalizedAway(deps, req, object)) return again;
    const result = await tryCommit(deps, req, entry.rev, object, attrs);
    return result ? done(result) : again;
  } catch {
    return again;
  }
}

/**
 * An unchanged object is not written, unless its stored value is stale (encrypted with a key that
 * no longer writes): rewriting it is how `orgplane secrets reencrypt` moves it to the new key.
 */
function skippable(kv: KeyValue, object: KubeObject, current: KubeObject): boolean {
  return kv.stale !== true && !meaningfullyChanged(object, current);
}

async function attemptWrite(
  deps: StoreDeps,
  req: WriteRequest,
  skipRead: boolean,
): Promise<Attempt<WriteResult>> {
  let kv: KeyValue | undefined;
  try {
    kv = skipRead ? undefined : await deps.storage.get(req.key);
  } catch (err) {
    throw toApiError(err, gr(req.res), req.name);
  }
  const current = kv ? decode(kv) : undefined;
  const { attrs, built } = await prepare(deps, req, current);
  const object = withManagedFields(deps, req, built, current);
  const done = (stored: Answered, created = current === undefined): Attempt<WriteResult> => ({
    done: true,
    result: { ...stored, created, warnings: attrs.warnings },
  });
  const lost = (more: readonly string[] = []): Attempt<WriteResult> => ({
    done: false,
    guards: [...guardsOf(attrs.txn.compares, req.key), ...more],
  });
  if (current && kv && skippable(kv, object, current)) return done({ object: current }, false);
  if (kv && current && finalizedAway(deps, req, object)) {
    const gone = await removeKey(deps, req.res, {
      key: req.key,
      kv,
      obj: current,
      req: { ...req.opts, ...req },
    });
    if (!gone.done) return lost(gone.guards);
    const rv = gone.result.object.metadata.resourceVersion ?? '';
    return done({ object: { ...object, metadata: { ...object.metadata, resourceVersion: rv } } }, false);
  }
  if (req.opts.dryRun) return done({ object });
  const result = await tryCommit(deps, req, kv?.modRevision ?? 0, object, attrs);
  if (result) return done(result);
  if (built.explicitVersion) throw conflict(gr(req.res), req.name, MODIFIED);
  return lost();
}

/** The object a write answers, with its JSON text when the write has it (WriteResult.json). */
interface Answered {
  readonly object: KubeObject;
  readonly json?: string;
}

/** A stored object and its JSON text. */
interface Stored extends Answered {
  readonly json: string;
}

/** Commits object if the key is still at `read` (0: absent); undefined when the race is lost. */
async function tryCommit(
  deps: StoreDeps,
  req: WriteRequest,
  read: number,
  object: KubeObject,
  attrs: Attributes,
): Promise<Stored | undefined> {
  try {
    const value = encode(object);
    const r = await deps.committer.commit({
      compares: [{ key: req.key, target: 'modRevision', op: '=', value: read }, ...attrs.txn.compares],
      ops: [{ type: 'put', key: req.key, value }, ...attrs.txn.ops],
      charges: attrs.txn.charges,
    });
    if (!r.committed || !r.first) return undefined;
    const modRevision = r.first.modRevision;
    return { object: asStored(object, modRevision), json: withResourceVersion({ value, modRevision }) };
  } catch (err) {
    throw toApiError(err, gr(req.res), req.name);
  }
}
