/**
 * The 422 Invalid answer kube-apiserver builds from field errors (apimachinery errors.NewInvalid):
 * the message aggregates every distinct error, the causes list every error.
 */
import type { StatusCause } from '../../api/meta.js';
import type { FieldError } from './field.js';
import { goQuote } from './goformat.js';

/** utilerrors aggregate: distinct messages joined by ", ", bracketed only when there are several. */
export function aggregateMessage(errs: readonly Pick<FieldError, 'message'>[]): string {
  const seen = new Set<string>();
  for (const e of errs) seen.add(e.message);
  const unique = [...seen];
  return unique.length === 1 ? (unique[0] ?? '') : `[${unique.join(', ')}]`;
}

/**
 * `Agent.orgplane.io "broken" is invalid: [spec.model: Required value, ...]`; kindGroup is the
 * GroupKind string (`Agent.orgplane.io`, or just `Namespace` for the core group).
 */
export function formatInvalid(kindGroup: string, name: string, errs: readonly FieldError[]): string {
  const head = `${kindGroup} ${goQuote(name)} is invalid`;
  return errs.length === 0 ? head : `${head}: ${aggregateMessage(errs)}`;
}

/** The GroupKind string kube prints: `Kind.group`, or `Kind` for the core group. */
export const groupKindString = (group: string, kind: string): string =>
  group === '' ? kind : `${kind}.${group}`;

/** Status details.causes: one per error, e.g. `{reason: 'FieldValueRequired', message: 'Required value', field: 'spec.model'}`. */
export function toStatusCauses(errs: readonly FieldError[]): StatusCause[] {
  return errs.map((e) =>
    e.field === ''
      ? { reason: e.type, message: e.detail }
      : { reason: e.type, message: e.detail, field: e.field },
  );
}
