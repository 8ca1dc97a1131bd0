/**
 * kube-openapi's schemaPropsValidator: anyOf, oneOf, allOf and not, validated at the same path.
 * Their summary errors are not field errors in kube-openapi, so apiextensions reports them at the
 * nil path with an empty value: `<nil>: Invalid value: "": "spec.x" must validate at least one
 * schema (anyOf)`. Where kube keeps the failures of the branch with the most passed checks, we
 * keep the branch with the fewest errors (the first on a tie).
 */
import { invalid, type FieldError } from '../validation/field.js';
import { goQuote } from '../validation/goformat.js';
import { getOwn } from '../../api/json.js';
import { asSchema, schemasOf } from './node.js';
import type { Schema } from './types.js';

/** Validates one value against one schema at the same path. */
export type NodeValidator = (value: unknown, s: Schema, name: string, depth: number) => FieldError[];

const summary = (text: string): FieldError => invalid('<nil>', '', text);

function best(results: readonly FieldError[][]): FieldError[] {
  let chosen: FieldError[] | undefined;
  for (const r of results) if (chosen === undefined || r.length < chosen.length) chosen = r;
  return chosen ?? [];
}

/** What a combinator checks: one value at one path, with the validator of one schema node. */
interface Subject {
  readonly value: unknown;
  readonly name: string;
  readonly depth: number;
  readonly v: NodeValidator;
}

/** The errors of the value against each schema, in order. */
const each = (subs: readonly Schema[], at: Subject): FieldError[][] =>
  subs.map((sub) => at.v(at.value, sub, at.name, at.depth));

function anyOf(subs: readonly Schema[], at: Subject): FieldError[] {
  const failures: FieldError[][] = [];
  for (const sub of subs) {
    const r = at.v(at.value, sub, at.name, at.depth);
    if (r.length === 0) return [];
    failures.push(r);
  }
  return [summary(`${goQuote(at.name)} must validate at least one schema (anyOf)`), ...best(failures)];
}

function oneOf(subs: readonly Schema[], at: Subject): FieldError[] {
  const results = each(subs, at);
  const valid = results.filter((r) => r.length === 0).length;
  if (valid === 1) return [];
  const found = valid === 0 ? 'Found none valid' : `Found ${valid} valid alternatives`;
  const errs = [summary(`${goQuote(at.name)} must validate one and only one schema (oneOf). ${found}`)];
  return valid === 0 ? [...errs, ...best(results)] : errs;
}

function allOf(subs: readonly Schema[], at: Subject): FieldError[] {
  const results = each(subs, at);
  const errs = results.flat();
  const valid = results.filter((r) => r.length === 0).length;
  if (valid === subs.length) return errs;
  const none = valid === 0 ? '. None validated' : '';
  return [...errs, summary(`${goQuote(at.name)} must validate all the schemas (allOf)${none}`)];
}

/** The errors of anyOf, oneOf, allOf and not, in kube-openapi's order. */
export function checkCombinators(
  value: unknown,
  s: Schema,
  name: string,
  depth: number,
  v: NodeValidator,
): FieldError[] {
  const errs: FieldError[] = [];
  const any = schemasOf(s, 'anyOf');
  const one = schemasOf(s, 'oneOf');
  const all = schemasOf(s, 'allOf');
  const not = asSchema(getOwn(s, 'not'));
  const at: Subject = { value, name, depth, v };
  if (any.length > 0) errs.push(...anyOf(any, at));
  if (one.length > 0) errs.push(...oneOf(one, at));
  if (all.length > 0) errs.push(...allOf(all, at));
  if (not && v(value, not, name, depth).length === 0) {
    errs.push(summary(`${goQuote(name)} must not validate the schema (not)`));
  }
  return errs;
}
