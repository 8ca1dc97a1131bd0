/**
 * Label requirements (k8s.io/apimachinery/pkg/labels Requirement): construction with kube's
 * validation and wording, and matching against a label set.
 */
import {
  SelectorError,
  aggregate,
  invalidValue,
  labelValueErrors,
  qualifiedNameErrors,
} from './validation.js';

/** selection.Operator values. */
export type LabelOperator = 'in' | 'notin' | '=' | '==' | '!=' | 'exists' | '!' | 'gt' | 'lt';

export interface LabelRequirement {
  readonly key: string;
  readonly operator: LabelOperator;
  /** sorted and de-duplicated, as kube's sets.String does */
  readonly values: readonly string[];
}

/** Binary operators in kube's order, as its parse errors list them. */
export const BINARY_OPERATORS: readonly LabelOperator[] = ['in', 'notin', '=', '==', '!=', 'gt', 'lt'];

/** validateLabelKey: `<path>: Invalid value: "key": ...`, or undefined when the key is valid. */
export function labelKeyError(key: string, path: string): string | undefined {
  const errs = qualifiedNameErrors(key);
  return errs.length === 0 ? undefined : invalidValue(path, key, errs.join('; '));
}

const isInteger = (s: string): boolean =>
  /^[+-]?\d+$/.test(s) && BigInt(s) >= -(2n ** 63n) && BigInt(s) < 2n ** 63n;

function countErrors(op: LabelOperator, values: readonly string[]): string[] {
  // Go's %#v of the []string kube passes to field.Invalid
  const shown =
    values.length === 0 ? '[]string(nil)' : `[]string{${values.map((v) => JSON.stringify(v)).join(', ')}}`;
  switch (op) {
    case 'in':
    case 'notin':
      return values.length === 0
        ? [`values: Invalid value: ${shown}: for 'in', 'notin' operators, values set can't be empty`]
        : [];
    case '=':
    case '==':
    case '!=':
      return values.length === 1
        ? []
        : [`values: Invalid value: ${shown}: exact-match compatibility requires one single value`];
    case 'exists':
    case '!':
      return values.length === 0
        ? []
        : [`values: Invalid value: ${shown}: values set must be empty for exists and does not exist`];
    case 'gt':
    case 'lt': {
      const errs =
        values.length === 1
          ? []
          : [`values: Invalid value: ${shown}: for 'Gt', 'Lt' operators, exactly one value is required`];
      values.forEach((v, i) => {
        if (!isInteger(v)) {
          errs.push(
            invalidValue(`values[${i}]`, v, "for 'Gt', 'Lt' operators, the value must be an integer"),
          );
        }
      });
      return errs;
    }
  }
}

/** NewRequirement: validates key, value count and every value; values are sorted and de-duplicated. */
export function newRequirement(
  key: string,
  operator: LabelOperator,
  values: readonly string[],
): LabelRequirement | SelectorError {
  const sorted = [...new Set(values)].sort();
  const errs: string[] = [];
  const keyErr = labelKeyError(key, 'key');
  if (keyErr !== undefined) errs.push(keyErr);
  errs.push(...countErrors(operator, sorted));
  sorted.forEach((v, i) => {
    const valueErrs = labelValueErrors(v);
    if (valueErrs.length > 0) errs.push(invalidValue(`values[${i}][${key}]`, v, valueErrs.join('; ')));
  });
  return errs.length > 0 ? new SelectorError(aggregate(errs)) : { key, operator, values: sorted };
}

function compareInt(label: string, r: LabelRequirement): boolean {
  const bound = r.values[0];
  if (r.values.length !== 1 || bound === undefined || !isInteger(label) || !isInteger(bound)) return false;
  return r.operator === 'gt' ? BigInt(label) > BigInt(bound) : BigInt(label) < BigInt(bound);
}

/** Requirement.Matches. */
export function requirementMatches(r: LabelRequirement, labels: Readonly<Record<string, string>>): boolean {
  const has = Object.hasOwn(labels, r.key);
  const value = has ? labels[r.key] : undefined;
  switch (r.operator) {
    case 'in':
    case '=':
    case '==':
      return value !== undefined && r.values.includes(value);
    case 'notin':
    case '!=':
      return value === undefined || !r.values.includes(value);
    case 'exists':
      return has;
    case '!':
      return !has;
    case 'gt':
    case 'lt':
      return value !== undefined && compareInt(value, r);
  }
}

/** Requirement.String: "!k", "k", "k=v", "k in (a,b)", "k>1". */
export function formatRequirement(r: LabelRequirement): string {
  switch (r.operator) {
    case 'exists':
      return r.key;
    case '!':
      return `!${r.key}`;
    case 'in':
    case 'notin':
      return `${r.key} ${r.operator} (${r.values.join(',')})`;
    case 'gt':
      return `${r.key}>${r.values.join(',')}`;
    case 'lt':
      return `${r.key}<${r.values.join(',')}`;
    default:
      return `${r.key}${r.operator}${r.values.join(',')}`;
  }
}
