/**
 * metadata.managedFields <-> the managers' field sets. Entries are keyed by kube's manager
 * identity: manager + operation + subresource, plus apiVersion for Update entries (an applier keeps
 * one entry across versions). Encoding sorts entries as kube does: Apply before Update, then by
 * time, manager, apiVersion and subresource.
 */
import type { KubeObject, ManagedFieldsEntry, StatusCause } from '../../api/meta.js';
import { decodeFields, encodeFields } from './fieldsv1.js';
import { isEmpty, union, type FieldSet } from './fieldset.js';
import { compareStrings, deepClone } from './json.js';
import { getOwn, isObject, type JsonObject } from '../../api/json.js';
import { rfc3339Seconds } from '../../api/time.js';
import { managerProblem } from './manager.js';

export type Operation = 'Apply' | 'Update';

export interface ManagerEntry {
  readonly manager: string;
  readonly operation: Operation;
  readonly apiVersion: string;
  /** '' for the main resource */
  readonly subresource: string;
  /** RFC 3339, seconds precision */
  readonly time: string | undefined;
  readonly set: FieldSet;
}

/** Entries by identity. */
export type Managed = Map<string, ManagerEntry>;

export function identity(
  e: Pick<ManagerEntry, 'manager' | 'operation' | 'apiVersion' | 'subresource'>,
): string {
  return JSON.stringify({
    manager: e.manager,
    operation: e.operation,
    ...(e.operation === 'Update' && e.apiVersion !== '' ? { apiVersion: e.apiVersion } : {}),
    ...(e.subresource !== '' ? { subresource: e.subresource } : {}),
  });
}

/** Kube's metav1.Time text: UTC, whole seconds. */
export function formatTime(d: Date): string {
  return rfc3339Seconds(d.getTime());
}

type EntryResult = { readonly entry: ManagerEntry } | { readonly causes: StatusCause[] };

const cause = (field: string, reason: string, message: string): StatusCause => ({ field, reason, message });

const NOT_SUPPORTED = 'FieldValueNotSupported';

function checkManager(raw: JsonObject, at: string, causes: StatusCause[]): string {
  const manager = getOwn(raw, 'manager') ?? '';
  const problem = typeof manager === 'string' ? managerProblem(manager) : 'must be a string';
  if (problem !== undefined)
    causes.push(cause(`${at}.manager`, 'FieldValueInvalid', `Invalid value: ${problem}`));
  return typeof manager === 'string' ? manager : '';
}

function checkOperation(raw: JsonObject, at: string, causes: StatusCause[]): Operation {
  const operation = getOwn(raw, 'operation');
  if (operation !== 'Apply' && operation !== 'Update')
    causes.push(
      cause(`${at}.operation`, NOT_SUPPORTED, 'Unsupported value: supported values: "Apply", "Update"'),
    );
  return operation === 'Apply' ? 'Apply' : 'Update';
}

function checkStrings(
  raw: JsonObject,
  at: string,
  causes: StatusCause[],
): { apiVersion: string; subresource: string } {
  const apiVersion = getOwn(raw, 'apiVersion');
  if (typeof apiVersion !== 'string' || apiVersion === '')
    causes.push(cause(`${at}.apiVersion`, 'FieldValueRequired', 'Required value'));
  const subresource = getOwn(raw, 'subresource') ?? '';
  const subOk = typeof subresource === 'string' && subresource.length <= 256;
  if (!subOk)
    causes.push(
      cause(
        `${at}.subresource`,
        'FieldValueInvalid',
        'Invalid value: must be a string of at most 256 characters',
      ),
    );
  return {
    apiVersion: typeof apiVersion === 'string' ? apiVersion : '',
    subresource: subOk ? subresource : '',
  };
}

function checkTime(raw: JsonObject, at: string, causes: StatusCause[]): string | undefined {
  const rawTime = getOwn(raw, 'time');
  if (rawTime === undefined || rawTime === null) return undefined;
  if (typeof rawTime === 'string' && !Number.isNaN(Date.parse(rawTime))) return formatTime(new Date(rawTime));
  causes.push(cause(`${at}.time`, 'FieldValueInvalid', 'Invalid value: must be an RFC 3339 time'));
  return undefined;
}

function decodeEntry(raw: unknown, at: string): EntryResult {
  if (!isObject(raw)) return { causes: [cause(at, 'FieldValueInvalid', 'Invalid value: must be an object')] };
  const causes: StatusCause[] = [];
  const manager = checkManager(raw, at, causes);
  const operation = checkOperation(raw, at, causes);
  const { apiVersion, subresource } = checkStrings(raw, at, causes);
  if (getOwn(raw, 'fieldsType') !== 'FieldsV1')
    causes.push(cause(`${at}.fieldsType`, NOT_SUPPORTED, 'Unsupported value: supported values: "FieldsV1"'));
  const fields = decodeFields(getOwn(raw, 'fieldsV1'));
  if (!fields.ok) causes.push(cause(`${at}.fieldsV1`, 'FieldValueInvalid', `Invalid value: ${fields.error}`));
  const time = checkTime(raw, at, causes);
  if (causes.length > 0 || !fields.ok) return { causes };
  return { entry: { manager, operation, apiVersion, subresource, time, set: fields.set } };
}

export type DecodeResult =
  { readonly ok: true; readonly managed: Managed } | { readonly ok: false; readonly causes: StatusCause[] };

/** Client-supplied managedFields: every entry must be well formed. */
export function decodeManagedStrict(list: unknown): DecodeResult {
  if (!Array.isArray(list))
    return {
      ok: false,
      causes: [cause('metadata.managedFields', 'FieldValueInvalid', 'Invalid value: must be a list')],
    };
  const managed: Managed = new Map();
  const causes: StatusCause[] = [];
  list.forEach((raw, i) => {
    const r = decodeEntry(raw, `metadata.managedFields[${i}]`);
    if ('causes' in r) causes.push(...r.causes);
    else managed.set(identity(r.entry), r.entry);
  });
  return causes.length > 0 ? { ok: false, causes } : { ok: true, managed };
}

/** Stored managedFields: malformed entries are dropped, never fatal. */
export function decodeManagedLenient(list: unknown): Managed {
  const managed: Managed = new Map();
  if (!Array.isArray(list)) return managed;
  for (const raw of list) {
    const r = decodeEntry(raw, '');
    if ('entry' in r && !isEmpty(r.entry.set)) managed.set(identity(r.entry), r.entry);
  }
  return managed;
}

const seconds = (t: string | undefined): number => (t === undefined ? 0 : Math.floor(Date.parse(t) / 1000));

function order(a: ManagerEntry, b: ManagerEntry): number {
  if (a.operation !== b.operation) return compareStrings(a.operation, b.operation);
  const dt = seconds(a.time) - seconds(b.time);
  if (dt !== 0) return dt;
  return (
    compareStrings(a.manager, b.manager) ||
    compareStrings(a.apiVersion, b.apiVersion) ||
    compareStrings(a.subresource, b.subresource)
  );
}

/** The managedFields list of `managed`, empty entries left out, in kube's order. */
export function encodeManaged(managed: Managed): ManagedFieldsEntry[] {
  return [...managed.values()]
    .filter((e) => !isEmpty(e.set))
    .sort(order)
    .map((e) => ({
      manager: e.manager,
      operation: e.operation,
      apiVersion: e.apiVersion,
      ...(e.time !== undefined ? { time: e.time } : {}),
      fieldsType: 'FieldsV1' as const,
      fieldsV1: encodeFields(e.set),
      ...(e.subresource !== '' ? { subresource: e.subresource } : {}),
    }));
}

export const MAX_UPDATE_MANAGERS = 10;
const ANCIENT = 'ancient-changes';

/**
 * Keeps at most `max` Update entries by folding the oldest into one "ancient-changes" entry per
 * apiVersion, as kube's capManagersManager does.
 */
export function capUpdateManagers(managed: Managed, max = MAX_UPDATE_MANAGERS): Managed {
  const updaters = [...managed.entries()].filter(([, e]) => e.operation === 'Update');
  if (updaters.length <= max) return managed;
  updaters.sort(([ka, a], [kb, b]) => seconds(a.time) - seconds(b.time) || compareStrings(ka, kb));
  const out: Managed = new Map(managed);
  const firstOfVersion = new Map<string, string>();
  let count = updaters.length;
  for (const [key, e] of updaters) {
    if (count <= max) break;
    const first = firstOfVersion.get(e.apiVersion);
    if (first === undefined) {
      firstOfVersion.set(e.apiVersion, key);
      continue;
    }
    const bucket = {
      manager: ANCIENT,
      operation: 'Update' as const,
      apiVersion: e.apiVersion,
      subresource: '',
    };
    const bucketKey = identity(bucket);
    const prev = out.get(bucketKey) ?? out.get(first);
    if (!out.has(bucketKey)) out.delete(first);
    out.delete(key);
    out.set(bucketKey, { ...bucket, time: e.time, set: union(prev?.set ?? e.set, e.set) });
    count--;
  }
  return out;
}

/**
 * `obj` carrying `managed` as its metadata.managedFields (left out when empty): a new top level and
 * metadata, every other value shared with `obj`. For a caller that owns `obj` and hands it on.
 */
export function attachManagedFields(obj: JsonObject, managed: Managed): KubeObject {
  const { managedFields: _old, ...meta } = isObject(obj.metadata) ? obj.metadata : {};
  const entries = encodeManaged(managed);
  const out: JsonObject = {
    ...obj,
    metadata: entries.length > 0 ? { ...meta, managedFields: entries } : meta,
  };
  return out as KubeObject;
}

/** A deep copy of `obj` carrying `managed` as its metadata.managedFields (left out when empty). */
export function withManagedFields(obj: JsonObject, managed: Managed): KubeObject {
  return attachManagedFields(deepClone(obj), managed);
}
