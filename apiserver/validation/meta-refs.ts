/**
 * The list-valued parts of ObjectMeta, with apimachinery's wording: ownerReferences (errors at the
 * unindexed path, as kube reports them), finalizers and managedFields.
 */
import { bodyTypeInvalid, child, index, invalid, tooLong, type FieldError } from './field.js';
import { isGoPrintable } from './goformat.js';
import { byteLength, goKind } from './json.js';
import { getOwn, isObject } from '../../api/json.js';
import { isQualifiedName } from './names.js';

/** A list: its items, or a type error when it is not an array (absent/null: empty). */
function listOf(v: unknown, path: string, errs: FieldError[]): unknown[] {
  if (v === undefined || v === null) return [];
  if (Array.isArray(v)) return v;
  errs.push(bodyTypeInvalid(path, 'array', goKind(v)));
  return [];
}

function str(obj: unknown, name: string, path: string, errs: FieldError[]): string {
  const v = getOwn(obj, name);
  if (typeof v === 'string') return v;
  if (v !== undefined && v !== null) errs.push(bodyTypeInvalid(child(path, name), 'string', goKind(v)));
  return '';
}

function bool(obj: unknown, name: string, path: string, errs: FieldError[]): boolean | undefined {
  const v = getOwn(obj, name);
  if (typeof v === 'boolean') return v;
  if (v !== undefined && v !== null) errs.push(bodyTypeInvalid(child(path, name), 'boolean', goKind(v)));
  return undefined;
}

/** schema.ParseGroupVersion + FromAPIVersionAndKind: an unparsable apiVersion has no version. */
function versionOf(apiVersion: string): { group: string; version: string } {
  if (apiVersion === '' || apiVersion === '/') return { group: '', version: '' };
  const parts = apiVersion.split('/');
  if (parts.length === 1) return { group: '', version: apiVersion };
  if (parts.length === 2) return { group: parts[0] ?? '', version: parts[1] ?? '' };
  return { group: '', version: '' };
}

interface OwnerRef {
  apiVersion: string;
  kind: string;
  name: string;
  uid: string;
  controller: boolean | undefined;
  blockOwnerDeletion: boolean | undefined;
}

/** The OwnerReference struct as Go's JSON encoder prints it (field order, omitempty). */
function asStruct(r: OwnerRef): Map<string, unknown> {
  const m = new Map<string, unknown>([
    ['apiVersion', r.apiVersion],
    ['kind', r.kind],
    ['name', r.name],
    ['uid', r.uid],
  ]);
  if (r.controller !== undefined) m.set('controller', r.controller);
  if (r.blockOwnerDeletion !== undefined) m.set('blockOwnerDeletion', r.blockOwnerDeletion);
  return m;
}

function readRef(v: unknown, path: string, errs: FieldError[]): OwnerRef | undefined {
  if (!isObject(v)) {
    errs.push(bodyTypeInvalid(path, 'object', goKind(v)));
    return undefined;
  }
  return {
    apiVersion: str(v, 'apiVersion', path, errs),
    kind: str(v, 'kind', path, errs),
    name: str(v, 'name', path, errs),
    uid: str(v, 'uid', path, errs),
    controller: bool(v, 'controller', path, errs),
    blockOwnerDeletion: bool(v, 'blockOwnerDeletion', path, errs),
  };
}

function validateOwnerReference(r: OwnerRef, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const gv = versionOf(r.apiVersion);
  if (gv.version === '')
    errs.push(invalid(child(path, 'apiVersion'), r.apiVersion, 'version must not be empty'));
  if (r.kind === '') errs.push(invalid(child(path, 'kind'), r.kind, 'must not be empty'));
  if (r.name === '') errs.push(invalid(child(path, 'name'), r.name, 'must not be empty'));
  if (r.uid === '') errs.push(invalid(child(path, 'uid'), r.uid, 'must not be empty'));
  if (gv.group === '' && gv.version === 'v1' && r.kind === 'Event') {
    errs.push(invalid(path, asStruct(r), '/v1, Kind=Event is disallowed from being an owner'));
  }
  return errs;
}

/** ValidateOwnerReferences: every field set, no Event owners, at most one controller. */
export function validateOwnerReferences(refs: unknown, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const refsRead: OwnerRef[] = [];
  listOf(refs, path, errs).forEach((v, i) => {
    const r = readRef(v, index(path, i), errs);
    if (r) refsRead.push(r);
  });
  let firstController = '';
  for (const r of refsRead) {
    errs.push(...validateOwnerReference(r, path));
    if (r.controller !== true) continue;
    const current = `${r.kind}/${r.name}`;
    if (firstController === '') firstController = current;
    else {
      const detail = `Only one reference can have Controller set to true. Found "true" in references for ${firstController} and ${current}`;
      errs.push(invalid(path, refsRead.map(asStruct), detail));
    }
  }
  return errs;
}

/** ValidateFinalizers: qualified names; `orphan` and `foregroundDeletion` exclude each other. */
export function validateFinalizers(finalizers: unknown, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const names: string[] = [];
  listOf(finalizers, path, errs).forEach((v, i) => {
    if (typeof v === 'string') names.push(v);
    else errs.push(bodyTypeInvalid(index(path, i), 'string', goKind(v)));
  });
  for (const f of names) for (const msg of isQualifiedName(f)) errs.push(invalid(path, f, msg));
  if (names.includes('orphan') && names.includes('foregroundDeletion')) {
    errs.push(invalid(path, names, 'finalizer orphan and foregroundDeletion cannot be both set'));
  }
  return errs;
}

const FIELD_MANAGER_MAX = 128;
const SUBRESOURCE_MAX = 256;

function validateFieldManager(manager: string, path: string): FieldError[] {
  const errs: FieldError[] = [];
  if (byteLength(manager) > FIELD_MANAGER_MAX) errs.push(tooLong(path, FIELD_MANAGER_MAX));
  let pos = 0;
  for (const ch of manager) {
    if (!isGoPrintable(ch)) {
      const u = `U+${(ch.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;
      errs.push(invalid(path, manager, `invalid character ${u} (at position ${pos})`));
    }
    pos += byteLength(ch);
  }
  return errs;
}

/** ValidateManagedFields: operation Apply/Update, fieldsType FieldsV1, printable manager names. */
export function validateManagedFields(entries: unknown, path: string): FieldError[] {
  const errs: FieldError[] = [];
  listOf(entries, path, errs).forEach((e, i) => {
    const p = index(path, i);
    if (!isObject(e)) {
      errs.push(bodyTypeInvalid(p, 'object', goKind(e)));
      return;
    }
    const op = str(e, 'operation', p, errs);
    if (op !== 'Apply' && op !== 'Update')
      errs.push(invalid(child(p, 'operation'), op, 'must be `Apply` or `Update`'));
    const fieldsType = str(e, 'fieldsType', p, errs);
    if (fieldsType !== '' && fieldsType !== 'FieldsV1')
      errs.push(invalid(child(p, 'fieldsType'), fieldsType, 'must be `FieldsV1`'));
    errs.push(...validateFieldManager(str(e, 'manager', p, errs), child(p, 'manager')));
    if (byteLength(str(e, 'subresource', p, errs)) > SUBRESOURCE_MAX)
      errs.push(tooLong(child(p, 'subresource'), SUBRESOURCE_MAX));
  });
  return errs;
}
