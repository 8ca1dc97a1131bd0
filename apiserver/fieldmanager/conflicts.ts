/**
 * Apply conflicts and the 409 Status kube answers for them, word for word:
 * `Apply failed with 1 conflict: conflict with "x" using orgplane.io/v1alpha1: .spec.model`.
 */
import type { Status, StatusCause } from '../../api/meta.js';
import { paths, type FieldSet } from './fieldset.js';
import { compareStrings } from './json.js';
import type { ManagerEntry } from './managed.js';
import { pathString } from './pathelement.js';

export interface Conflict {
  /** the manager owning the field */
  readonly manager: string;
  readonly operation: ManagerEntry['operation'];
  readonly apiVersion: string;
  readonly subresource: string;
  /** the field, as kube prints it: `.spec.model`, `.spec.tools[name="a"].image` */
  readonly field: string;
}

/** One Conflict per path of `set`, in set order. */
export function conflictsOf(entry: ManagerEntry, set: FieldSet): Conflict[] {
  return paths(set).map((p) => ({
    manager: entry.manager,
    operation: entry.operation,
    apiVersion: entry.apiVersion,
    subresource: entry.subresource,
    field: pathString(p),
  }));
}

/** `"x"`, `"x" with subresource "status"`, then ` using <apiVersion>` for Update managers. */
export function managerString(c: Omit<Conflict, 'field'>): string {
  let s = JSON.stringify(c.manager);
  if (c.subresource !== '') s += ` with subresource ${JSON.stringify(c.subresource)}`;
  if (c.operation === 'Update') s += ` using ${c.apiVersion}`;
  return s;
}

export function conflictMessage(conflicts: readonly Conflict[]): string {
  const [only] = conflicts;
  if (conflicts.length === 1 && only)
    return `Apply failed with 1 conflict: conflict with ${managerString(only)}: ${only.field}`;
  const byManager = new Map<string, Conflict[]>();
  for (const c of conflicts) {
    const key = managerString(c);
    byManager.set(key, [...(byManager.get(key) ?? []), c]);
  }
  const lines: string[] = [];
  for (const key of [...byManager.keys()].sort(compareStrings)) {
    lines.push(`conflicts with ${key}:`);
    for (const c of byManager.get(key) ?? []) lines.push(`- ${c.field}`);
  }
  return `Apply failed with ${conflicts.length} conflicts: ${lines.join('\n')}`;
}

/** The 409 Status for an apply refused because of `conflicts`. */
export function conflictStatus(conflicts: readonly Conflict[]): Status {
  const causes: StatusCause[] = conflicts.map((c) => ({
    reason: 'FieldManagerConflict',
    message: `conflict with ${managerString(c)}`,
    field: c.field,
  }));
  return {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message: conflictMessage(conflicts),
    reason: 'Conflict',
    details: { causes },
    code: 409,
  };
}
