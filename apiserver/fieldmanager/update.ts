/**
 * managedFields for non-apply writes (create, update, merge/json patch), as kube's
 * FieldManager.Update does: the writing manager takes every field it added or changed; other
 * managers lose the fields that changed or went away; the writer's entry (one per manager,
 * operation Update, apiVersion and subresource) accumulates across writes and its time moves only
 * when it took something.
 *
 * Client-supplied metadata.managedFields on the main resource: `[]` or `[{}]` resets them; any
 * other list replaces the stored ones as given (kubectl's client-side to server-side apply upgrade
 * sends one through a json-patch) and must be well formed; absent keeps the stored ones.
 */
import type { JSONSchemaProps } from '../../api/crd.js';
import type { KubeObject, Status } from '../../api/meta.js';
import { compare } from './compare.js';
import { difference, EMPTY, isEmpty, union, type FieldSet } from './fieldset.js';
import { exceedsDepth } from './json.js';
import { jsonEqual, getOwn, isObject, type JsonObject } from '../../api/json.js';
import {
  capUpdateManagers,
  decodeManagedLenient,
  decodeManagedStrict,
  formatTime,
  identity,
  type Managed,
  attachManagedFields,
} from './managed.js';
import { rootType } from './schema.js';
import { stripUnowned, trackedView, type Scope } from './scope.js';
import { badRequestStatus, causesMessage } from './status.js';

export interface UpdateOptions {
  /** the stored object; undefined for a create */
  readonly oldObj: KubeObject | undefined;
  /** the object about to be stored */
  readonly newObj: KubeObject;
  readonly manager: string;
  readonly operation?: 'Update';
  /** '' or undefined for the main resource */
  readonly subresource?: string;
  readonly apiVersion: string;
  readonly schema: JSONSchemaProps | undefined;
  readonly statusSubresource?: boolean;
  readonly now: Date;
}

export type UpdateResult =
  { readonly ok: true; readonly object: KubeObject } | { readonly ok: false; readonly status: Status };

/** kube's isResetManagedFields: `[]`, or one entry with nothing set (`[{}]`, `[{"manager":""}]`). */
function isReset(list: unknown): boolean {
  if (!Array.isArray(list)) return false;
  if (list.length === 0) return true;
  const [only] = list as unknown[];
  return (
    list.length === 1 &&
    isObject(only) &&
    Object.values(only).every((v) => v === '' || v === null || v === undefined)
  );
}

type Start = { readonly managed: Managed; readonly supplied: boolean } | { readonly status: Status };

function startingPoint(opts: UpdateOptions, scope: Scope): Start {
  const stored = (): Managed => decodeManagedLenient(opts.oldObj?.metadata.managedFields);
  const meta: unknown = opts.newObj.metadata;
  const given = isObject(meta) ? getOwn(meta, 'managedFields') : undefined;
  if (scope.subresource !== '' || given === undefined || given === null)
    return { managed: stored(), supplied: false };
  if (isReset(given)) return { managed: new Map(), supplied: true };
  const decoded = decodeManagedStrict(given);
  if (!decoded.ok) return { status: badRequestStatus(causesMessage(decoded.causes), decoded.causes) };
  return { managed: decoded.managed, supplied: true };
}

/** Same entries as `old` but for their times: then the old list stands (no spurious change). */
function sameButTimes(entries: readonly unknown[], old: unknown): boolean {
  if (!Array.isArray(old) || old.length !== entries.length) return false;
  const untimed = (e: unknown): unknown => (isObject(e) ? { ...e, time: undefined } : e);
  return entries.every((e, i) => jsonEqual(untimed(e), untimed(old[i])));
}

/** Others lose what changed or went away; the writer's entry gains what it added or changed. */
function recordUpdate(
  managed: Managed,
  taken: FieldSet,
  removed: FieldSet,
  opts: Pick<UpdateOptions, 'manager' | 'apiVersion' | 'now'> & { subresource: string },
): void {
  for (const [k, e] of managed) {
    const set = difference(difference(e.set, taken), removed);
    if (isEmpty(set)) managed.delete(k);
    else managed.set(k, { ...e, set });
  }
  const mine = stripUnowned(taken);
  if (isEmpty(mine)) return;
  const entry = {
    manager: opts.manager,
    operation: 'Update' as const,
    apiVersion: opts.apiVersion,
    subresource: opts.subresource,
  };
  const key = identity(entry);
  managed.set(key, {
    ...entry,
    time: formatTime(opts.now),
    set: union(managed.get(key)?.set ?? EMPTY, mine),
  });
}

/** newObj (not copied) with the stored managedFields: kube's fallback when it cannot diff. */
function keepStored(opts: UpdateOptions): KubeObject {
  const { managedFields: _given, ...meta } = opts.newObj.metadata;
  const stored = opts.oldObj?.metadata.managedFields;
  return { ...opts.newObj, metadata: stored ? { ...meta, managedFields: structuredClone(stored) } : meta };
}

/**
 * newObj with managedFields recorded for a write by `opts.manager` (a new top level and metadata,
 * the rest shared with newObj); never throws.
 */
export function updateManagedFields(opts: UpdateOptions): UpdateResult {
  const scope: Scope = {
    statusSubresource: opts.statusSubresource === true,
    subresource: opts.subresource ?? '',
  };
  const start = startingPoint(opts, scope);
  if ('status' in start) return { ok: false, status: start.status };
  const managed = start.managed;
  if (exceedsDepth(opts.newObj) || (opts.oldObj && exceedsDepth(opts.oldObj)))
    return { ok: true, object: keepStored(opts) };

  const ref = rootType(opts.schema);
  const oldView: JsonObject = opts.oldObj ? trackedView(opts.oldObj, scope) : {};
  const cmp = compare(oldView, trackedView(opts.newObj, scope), ref);
  const taken = union(cmp.modified, cmp.added);
  recordUpdate(managed, taken, cmp.removed, { ...opts, subresource: scope.subresource });
  const capped = capUpdateManagers(managed);
  // newObj is the write pipeline's own object, built for this write: shared, not copied
  const object = attachManagedFields(opts.newObj, capped);
  const oldList = opts.oldObj?.metadata.managedFields;
  const unchanged = isEmpty(taken) && isEmpty(cmp.removed);
  if (start.supplied && unchanged && oldList && sameButTimes(object.metadata.managedFields ?? [], oldList))
    object.metadata.managedFields = structuredClone(oldList);
  return { ok: true, object };
}
