/**
 * The field errors of a refused write: Status details.causes by form field. A cause's field is a
 * JSON path (metadata.name, spec.parent, spec.displayName); `fields` maps form fields to it.
 * Causes no field claims stay in `rest` (shown with the message).
 */
import { ApiRequestError } from '../../api/errors';
import type { StatusCause } from '../../api/types';

export interface FieldErrors {
  readonly byField: Readonly<Record<string, string>>;
  readonly rest: readonly StatusCause[];
}

const causeText = (c: StatusCause): string => c.message ?? c.reason ?? 'invalid';

export function fieldErrors(error: unknown, fields: Readonly<Record<string, string>>): FieldErrors {
  const causes = error instanceof ApiRequestError ? (error.status.details?.causes ?? []) : [];
  const byField: Record<string, string> = {};
  const rest: StatusCause[] = [];
  for (const c of causes) {
    const key = Object.keys(fields).find((k) => {
      const path = fields[k] ?? k;
      return (
        c.field === path ||
        c.field?.startsWith(`${path}.`) === true ||
        c.field?.startsWith(`${path}[`) === true
      );
    });
    if (key === undefined) rest.push(c);
    else byField[key] = byField[key] ? `${byField[key]}; ${causeText(c)}` : causeText(c);
  }
  return { byField, rest };
}
