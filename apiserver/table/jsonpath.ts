/**
 * Evaluation of kube JSONPath expressions (see jsonpath-parse.ts) over plain JSON values, with
 * kube's "allow missing keys" behaviour: a missing field, an index out of range or a step applied
 * to the wrong type yields no result instead of an error. Total: never throws.
 */
import { isObject } from '../../api/json.js';
import { parseJSONPath, type FilterOp, type Operand, type Step } from './jsonpath-parse.js';

export { parseJSONPath, type ParseResult, type Step } from './jsonpath-parse.js';

function children(v: unknown): unknown[] {
  if (Array.isArray(v)) return v as unknown[];
  return isObject(v) ? Object.values(v) : [];
}

/** The value itself and every object or array below it, in document order. */
function containers(v: unknown, out: unknown[]): void {
  if (!Array.isArray(v) && !isObject(v)) return;
  out.push(v);
  for (const c of children(v)) containers(c, out);
}

function sliceOf(arr: readonly unknown[], start?: number, end?: number, step = 1): unknown[] {
  if (step <= 0) return [];
  const len = arr.length;
  const norm = (i: number): number => Math.min(Math.max(i < 0 ? i + len : i, 0), len);
  const out: unknown[] = [];
  for (let i = norm(start ?? 0); i < norm(end ?? len); i += step) out.push(arr[i]);
  return out;
}

function ordered<T extends number | string>(l: T, op: FilterOp, r: T): boolean {
  switch (op) {
    case '==':
      return l === r;
    case '!=':
      return l !== r;
    case '<':
      return l < r;
    case '>':
      return l > r;
    case '<=':
      return l <= r;
    case '>=':
      return l >= r;
  }
}

/** Values of different types never match (kube errors out on such comparisons). */
function compare(left: unknown, op: FilterOp, right: unknown): boolean {
  if (typeof left === 'number' && typeof right === 'number') return ordered(left, op, right);
  if (typeof left === 'string' && typeof right === 'string') return ordered(left, op, right);
  if (typeof left === 'boolean' && typeof right === 'boolean') {
    return op === '==' ? left === right : op === '!=' && left !== right;
  }
  return false;
}

function operandValue(operand: Operand, element: unknown, root: unknown): unknown[] {
  if (operand.t === 'literal') return [operand.value];
  return evalSteps(operand.steps, [operand.fromRoot ? root : element], root);
}

function indexOf(v: readonly unknown[], index: number): unknown[] {
  const i = index < 0 ? index + v.length : index;
  return i >= 0 && i < v.length ? [v[i]] : [];
}

/** The results of one step applied to one value. */
function stepResults(step: Step, v: unknown, root: unknown): unknown[] {
  switch (step.t) {
    case 'field':
      return isObject(v) && Object.hasOwn(v, step.name) ? [v[step.name]] : [];
    case 'wildcard':
      return children(v);
    case 'recursive': {
      const out: unknown[] = [];
      containers(v, out);
      return out;
    }
    case 'index':
      return Array.isArray(v) ? indexOf(v, step.index) : [];
    case 'slice':
      return Array.isArray(v) ? sliceOf(v, step.start, step.end, step.step) : [];
    case 'union':
      return step.branches.flatMap((branch) => stepResults(branch, v, root));
    case 'exists':
    case 'filter':
      return Array.isArray(v) ? (v as unknown[]).filter((e) => matches(step, e, root)) : [];
  }
}

function matches(step: Step & { t: 'filter' | 'exists' }, element: unknown, root: unknown): boolean {
  const lefts = evalSteps(step.left, [element], root);
  if (step.t === 'exists') return lefts.length > 0;
  const rights = operandValue(step.right, element, root);
  if (lefts.length !== 1 || rights.length !== 1) return false;
  return compare(lefts[0], step.op, rights[0]);
}

function evalSteps(steps: readonly Step[], input: readonly unknown[], root: unknown): unknown[] {
  let values = [...input];
  for (const step of steps) {
    values = values.flatMap((v) => stepResults(step, v, root));
    if (values.length === 0) break;
  }
  return values;
}

/** Evaluates parsed steps against `data`; every match, in document order. */
export function evaluateJSONPath(steps: readonly Step[], data: unknown): unknown[] {
  try {
    return evalSteps(steps, [data], data);
  } catch {
    // only reachable on pathological input (e.g. nesting deeper than the call stack)
    return [];
  }
}

/** Parses and evaluates in one go; an unparseable expression has no results. */
export function jsonPathValues(expression: string, data: unknown): unknown[] {
  const parsed = parseJSONPath(expression);
  return 'steps' in parsed ? evaluateJSONPath(parsed.steps, data) : [];
}
