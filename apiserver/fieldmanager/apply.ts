/**
 * Server-side apply (kube's FieldManager.Apply over structured-merge-diff's Updater.Apply): merge
 * the applied configuration into the live object, remove what this applier applied before and
 * nobody holds any more, refuse fields other managers own with another value unless forced, and
 * record the applier's set in metadata.managedFields.
 */
import type { JSONSchemaProps } from '../../api/crd.js';
import type { KubeObject, Status } from '../../api/meta.js';
import { compare } from './compare.js';
import { conflictsOf, conflictStatus, type Conflict } from './conflicts.js';
import { difference, EMPTY, equals, intersection, isEmpty, union, type FieldSet } from './fieldset.js';
import { exceedsDepth, MAX_DEPTH } from './json.js';
import { jsonEqual, getOwn, isObject, type JsonObject } from '../../api/json.js';
import { KUBECTL_MANAGER, lastAppliedFields, syncLastApplied } from './lastapplied.js';
import { decodeManagedLenient, formatTime, identity, withManagedFields, type Managed } from './managed.js';
import { merge } from './merge.js';
import { prune } from './prune.js';
import { rootType, type TypeRef } from './schema.js';
import { restoreView, stripUnowned, trackedView, UNOWNED, type Scope } from './scope.js';
import { badRequestStatus } from './status.js';
import { toFieldSet } from './tofieldset.js';

export interface ApplyOptions {
  /** the stored object; undefined when the apply creates it */
  readonly live: KubeObject | undefined;
  /** the apply configuration as decoded from the request body */
  readonly applied: unknown;
  readonly manager: string;
  readonly force: boolean;
  /** the kind's openAPIV3Schema; undefined tracks every value by its shape */
  readonly schema: JSONSchemaProps | undefined;
  readonly statusSubresource?: boolean;
  /** '' or undefined for the main resource */
  readonly subresource?: string;
  /** the version the request addresses, e.g. orgplane.io/v1alpha1 */
  readonly apiVersion: string;
  readonly now: Date;
}

export type ApplyResult =
  | { readonly ok: true; readonly object: KubeObject; readonly conflicts: readonly Conflict[] }
  | { readonly ok: false; readonly conflicts: readonly Conflict[]; readonly status: Status };

const refuse = (message: string): ApplyResult => ({
  ok: false,
  conflicts: [],
  status: badRequestStatus(message),
});

function checkApplied(
  applied: unknown,
  opts: ApplyOptions,
): { error: ApplyResult } | { applied: JsonObject } {
  if (!isObject(applied)) return { error: refuse('apply configuration must be a JSON or YAML object') };
  if (exceedsDepth(applied) || (opts.live !== undefined && exceedsDepth(opts.live)))
    return { error: refuse(`object nests deeper than ${MAX_DEPTH} levels`) };
  const version = getOwn(applied, 'apiVersion');
  if (version !== opts.apiVersion) {
    const got = typeof version === 'string' ? version : '';
    return {
      error: refuse(
        `Incorrect version specified in apply patch. Specified patch version: ${got}, expected: ${opts.apiVersion}`,
      ),
    };
  }
  const meta = getOwn(applied, 'metadata');
  const mf = isObject(meta) ? getOwn(meta, 'managedFields') : undefined;
  if (mf !== undefined && mf !== null) return { error: refuse('metadata.managedFields must be nil') };
  return { applied };
}

function typedError(applied: JsonObject, errors: readonly string[]): ApplyResult {
  const meta = getOwn(applied, 'metadata');
  const field = (k: string): string => {
    const v = isObject(meta) ? getOwn(meta, k) : undefined;
    return typeof v === 'string' ? v : '';
  };
  const kind = getOwn(applied, 'kind');
  const gvk = `${String(getOwn(applied, 'apiVersion'))}, Kind=${typeof kind === 'string' ? kind : ''}`;
  return refuse(
    `failed to create typed patch object (${field('namespace')}/${field('name')}; ${gvk}): ${errors.join('\n')}`,
  );
}

/** Every manager's set but `key`'s, with the applier's new set and the never-removed paths. */
function ownedAfter(managed: Managed, key: string, applierSet: FieldSet): FieldSet {
  let owned = union(applierSet, UNOWNED);
  for (const [k, e] of managed) if (k !== key) owned = union(owned, e.set);
  return owned;
}

interface Contested {
  readonly sets: Map<string, FieldSet>;
  readonly conflicts: Conflict[];
}

function contested(
  managed: Managed,
  key: string,
  changed: FieldSet,
  allowed: FieldSet | undefined,
): Contested {
  const sets = new Map<string, FieldSet>();
  const conflicts: Conflict[] = [];
  for (const k of [...managed.keys()].sort()) {
    const e = managed.get(k);
    if (k === key || !e) continue;
    const c = intersection(e.set, changed);
    if (isEmpty(c)) continue;
    sets.set(k, c);
    conflicts.push(...conflictsOf(e, allowed ? difference(c, allowed) : c));
  }
  return { sets, conflicts };
}

interface Plan {
  readonly applied: JsonObject;
  readonly scope: Scope;
  readonly ref: TypeRef;
  readonly liveView: JsonObject;
  readonly config: JsonObject;
  /** the applier's set, before dropping the fields nobody owns */
  readonly set: FieldSet;
}

function plan(opts: ApplyOptions): { error: ApplyResult } | Plan {
  const checked = checkApplied(opts.applied, opts);
  if ('error' in checked) return checked;
  const { applied } = checked;
  const scope: Scope = {
    statusSubresource: opts.statusSubresource === true,
    subresource: opts.subresource ?? '',
  };
  const ref = rootType(opts.schema);
  const config = trackedView(applied, scope);
  const typed = toFieldSet(config, ref, true);
  if (typed.errors.length > 0) return { error: typedError(applied, typed.errors) };
  const liveView = opts.live ? trackedView(opts.live, scope) : {};
  return { applied, scope, ref, liveView, config, set: typed.set };
}

/** The contested fields per manager; conflicts the last-applied annotation excuses are forced. */
function contest(opts: ApplyOptions, p: Plan, managed: Managed, key: string, changed: FieldSet): Contested {
  const fight = contested(managed, key, changed, undefined);
  if (fight.conflicts.length === 0 || opts.force) return fight;
  if (opts.manager !== KUBECTL_MANAGER || !opts.live) return fight;
  const allowed = lastAppliedFields(opts.live, p.ref, p.scope, opts.apiVersion);
  return allowed ? contested(managed, key, changed, allowed) : fight;
}

/** Other managers lose what was taken from them and what went away. */
function loseFields(
  managed: Managed,
  key: string,
  taken: ReadonlyMap<string, FieldSet>,
  removed: FieldSet,
): void {
  for (const [k, e] of managed) {
    if (k === key) continue;
    const set = difference(difference(e.set, taken.get(k) ?? EMPTY), removed);
    if (isEmpty(set)) managed.delete(k);
    else managed.set(k, { ...e, set });
  }
}

/** Applies `opts.applied` over `opts.live`; never throws. */
export function apply(opts: ApplyOptions): ApplyResult {
  const p = plan(opts);
  if ('error' in p) return p.error;
  const managed = decodeManagedLenient(opts.live?.metadata.managedFields);
  const key = identity({
    manager: opts.manager,
    operation: 'Apply',
    apiVersion: '',
    subresource: p.scope.subresource,
  });
  const previous = managed.get(key);
  let view = merge(p.liveView, p.config, p.ref) as JsonObject;
  if (previous) view = prune(view, p.ref, previous.set, ownedAfter(managed, key, p.set)) as JsonObject;

  const cmp = compare(p.liveView, view, p.ref);
  const fight = contest(opts, p, managed, key, union(cmp.modified, cmp.added));
  if (fight.conflicts.length > 0 && !opts.force)
    return { ok: false, conflicts: fight.conflicts, status: conflictStatus(fight.conflicts) };
  loseFields(managed, key, fight.sets, cmp.removed);

  const mine = stripUnowned(p.set);
  const touched = !previous || !jsonEqual(p.liveView, view) || !equals(previous.set, mine);
  managed.delete(key);
  if (!isEmpty(mine)) {
    const time = touched ? formatTime(opts.now) : previous.time;
    const entry = { manager: opts.manager, apiVersion: opts.apiVersion, subresource: p.scope.subresource };
    managed.set(key, { ...entry, operation: 'Apply', time, set: mine });
  }
  let object = restoreView(view, opts.live, p.scope);
  if (opts.manager === KUBECTL_MANAGER) object = syncLastApplied(object, p.applied);
  return { ok: true, object: withManagedFields(object, managed), conflicts: [] };
}
