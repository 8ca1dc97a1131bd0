/**
 * Label selectors: the `labelSelector` query parameter (`a=b`, `a==b`, `a!=b`, `a in (x,y)`,
 * `a notin (x)`, `a`, `!a`, `a>1`, `a<1`, comma-joined) and meta/v1 LabelSelector objects. Parse
 * functions return a SelectorError (kube's wording) instead of throwing.
 */
import { parseRequirements } from './label-parser.js';
import {
  type LabelOperator,
  type LabelRequirement,
  formatRequirement,
  newRequirement,
  requirementMatches,
} from './requirement.js';
import { SelectorError } from './validation.js';

export type { LabelOperator, LabelRequirement } from './requirement.js';

export interface LabelSelector {
  /** ANDed; sorted by key. Empty: everything matches. */
  readonly requirements: readonly LabelRequirement[];
  /** true only for labels.Nothing() (a nil meta/v1 LabelSelector): nothing matches */
  readonly matchesNothing?: true;
}

export const EVERYTHING: LabelSelector = { requirements: [] };
export const NOTHING: LabelSelector = { requirements: [], matchesNothing: true };

const byKey = (a: LabelRequirement, b: LabelRequirement): number =>
  a.key < b.key ? -1 : a.key > b.key ? 1 : 0;

/** labels.Parse. An empty or all-blank string selects everything. */
export function parseLabelSelector(selector: string): LabelSelector | SelectorError {
  const requirements = parseRequirements(selector);
  if (requirements instanceof SelectorError) return requirements;
  return { requirements: requirements.sort(byKey) };
}

/** Selector.Matches; absent labels are an empty set. */
export function matchesLabels(
  selector: LabelSelector,
  labels: Readonly<Record<string, string>> | undefined,
): boolean {
  if (selector.matchesNothing === true) return false;
  const set = labels ?? {};
  return selector.requirements.every((r) => requirementMatches(r, set));
}

export function isEverything(selector: LabelSelector): boolean {
  return selector.matchesNothing !== true && selector.requirements.length === 0;
}

/** Selector.String: requirements comma-joined, e.g. "app=demo,tier notin (x)". */
export function formatLabelSelector(selector: LabelSelector): string {
  return selector.requirements.map(formatRequirement).join(',');
}

/** Selector.RequiresExactMatch: the one value the selector demands for key, if any. */
export function labelRequiresExactMatch(selector: LabelSelector, key: string): string | undefined {
  const r = selector.requirements.find((x) => x.key === key);
  if (r === undefined || r.values.length !== 1) return undefined;
  return r.operator === '=' || r.operator === '==' || r.operator === 'in' ? r.values[0] : undefined;
}

/** meta/v1 LabelSelector as found in API objects. */
export interface MetaLabelSelector {
  readonly matchLabels?: Readonly<Record<string, string>> | null;
  readonly matchExpressions?: readonly MetaLabelSelectorRequirement[] | null;
}

export interface MetaLabelSelectorRequirement {
  readonly key: string;
  readonly operator: string;
  readonly values?: readonly string[] | null;
}

const META_OPERATORS: ReadonlyMap<string, LabelOperator> = new Map<string, LabelOperator>([
  ['In', 'in'],
  ['NotIn', 'notin'],
  ['Exists', 'exists'],
  ['DoesNotExist', '!'],
]);

const isStringArray = (v: unknown): v is string[] =>
  Array.isArray(v) && v.every((x) => typeof x === 'string');

function expressionRequirement(expr: unknown): LabelRequirement | SelectorError {
  if (typeof expr !== 'object' || expr === null)
    return new SelectorError('invalid label selector requirement');
  const { key, operator, values } = expr as Record<string, unknown>;
  const op = typeof operator === 'string' ? META_OPERATORS.get(operator) : undefined;
  if (op === undefined)
    return new SelectorError(`${JSON.stringify(operator ?? '')} is not a valid label selector operator`);
  if (typeof key !== 'string' || !(values == null || isStringArray(values))) {
    return new SelectorError('invalid label selector requirement');
  }
  return newRequirement(key, op, values ?? []);
}

/**
 * metav1.LabelSelectorAsSelector: null/undefined selects nothing, {} selects everything;
 * matchLabels become "=" requirements, matchExpressions In/NotIn/Exists/DoesNotExist. Malformed
 * input (wrong types) is a SelectorError, never a throw.
 */
export function labelSelectorFromMeta(
  selector: MetaLabelSelector | null | undefined,
): LabelSelector | SelectorError {
  if (selector == null) return NOTHING;
  const matchLabels: unknown = selector.matchLabels ?? {};
  const expressions: unknown = selector.matchExpressions ?? [];
  if (typeof matchLabels !== 'object' || matchLabels === null || !Array.isArray(expressions)) {
    return new SelectorError('invalid label selector');
  }
  const requirements: LabelRequirement[] = [];
  for (const [key, value] of Object.entries(matchLabels)) {
    const r =
      typeof value === 'string'
        ? newRequirement(key, '=', [value])
        : new SelectorError('invalid label selector');
    if (r instanceof SelectorError) return r;
    requirements.push(r);
  }
  for (const expr of expressions as unknown[]) {
    const r = expressionRequirement(expr);
    if (r instanceof SelectorError) return r;
    requirements.push(r);
  }
  return { requirements: requirements.sort(byKey) };
}
