/**
 * ObjectMeta validation on update (ValidateObjectMetaAccessorUpdate): no new finalizers while
 * deleting, a resourceVersion is required, generation never goes down, identity fields are
 * immutable, and labels, annotations, ownerReferences and managedFields are re-checked.
 */
import { child, forbidden, invalid, type FieldError } from './field.js';
import { goStringSlice } from './goformat.js';
import { compareGoStrings } from './json.js';
import { getOwn, isObject } from '../../api/json.js';
import { stringField, validateAnnotations, validateLabels } from './meta.js';
import { validateManagedFields, validateOwnerReferences } from './meta-refs.js';

const IMMUTABLE = [
  'name',
  'namespace',
  'uid',
  'creationTimestamp',
  'deletionTimestamp',
  'deletionGracePeriodSeconds',
] as const;

const absent = (v: unknown): boolean => v === undefined || v === null || v === '';

/** apiequality.Semantic.DeepEqual for the immutable scalars: timestamps compare as instants. */
function sameValue(field: string, a: unknown, b: unknown): boolean {
  if (absent(a) && absent(b)) return true;
  if (a === b) return true;
  if (field.endsWith('Timestamp') && typeof a === 'string' && typeof b === 'string') {
    const ta = Date.parse(a);
    return !Number.isNaN(ta) && ta === Date.parse(b);
  }
  return false;
}

function stringList(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

function newFinalizers(newMeta: unknown, oldMeta: unknown, path: string): FieldError[] {
  if (absent(getOwn(oldMeta, 'deletionTimestamp'))) return [];
  const old = new Set(stringList(getOwn(oldMeta, 'finalizers')));
  const extra = [...new Set(stringList(getOwn(newMeta, 'finalizers')))].filter((f) => !old.has(f));
  if (extra.length === 0) return [];
  extra.sort(compareGoStrings);
  const detail = `no new finalizers can be added if the object is being deleted, found new finalizers ${goStringSlice(extra)}`;
  return [forbidden(child(path, 'finalizers'), detail)];
}

export function validateObjectMetaUpdate(
  newMeta: unknown,
  oldMeta: unknown,
  path = 'metadata',
): FieldError[] {
  const errs: FieldError[] = [...newFinalizers(newMeta, oldMeta, path)];
  const rv = stringField(newMeta, 'resourceVersion', path, errs);
  if (rv === '') errs.push(invalid(child(path, 'resourceVersion'), rv, 'must be specified for an update'));
  const newGen = getOwn(newMeta, 'generation');
  const oldGen = getOwn(oldMeta, 'generation');
  if (typeof newGen === 'number' && typeof oldGen === 'number' && newGen < oldGen) {
    errs.push(invalid(child(path, 'generation'), newGen, 'must not be decremented'));
  }
  for (const f of IMMUTABLE) {
    const nv = getOwn(newMeta, f);
    if (!sameValue(f, nv, getOwn(oldMeta, f))) {
      const shown = nv ?? (f === 'name' || f === 'namespace' || f === 'uid' ? '' : null);
      errs.push(invalid(child(path, f), shown, 'field is immutable'));
    }
  }
  if (!isObject(newMeta)) return errs;
  errs.push(...validateLabels(getOwn(newMeta, 'labels'), child(path, 'labels')));
  errs.push(...validateAnnotations(getOwn(newMeta, 'annotations'), child(path, 'annotations')));
  errs.push(...validateOwnerReferences(getOwn(newMeta, 'ownerReferences'), child(path, 'ownerReferences')));
  errs.push(...validateManagedFields(getOwn(newMeta, 'managedFields'), child(path, 'managedFields')));
  return errs;
}
