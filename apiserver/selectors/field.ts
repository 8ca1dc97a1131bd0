/**
 * Field selectors: the `fieldSelector` query parameter (`f=v`, `f==v`, `f!=v`, comma-joined;
 * `\,` `\=` `\\` escape a value), ported from k8s.io/apimachinery pkg/fields/selector.go. Which
 * fields a kind supports, and how their values are read, is the caller's (see fieldsets.ts).
 */
import { SelectorError } from './validation.js';

export interface FieldRequirement {
  readonly field: string;
  /** "==" is normalised to "=" */
  readonly operator: '=' | '!=';
  readonly value: string;
}

export interface FieldSelector {
  /** ANDed, sorted as kube sorts the terms. Empty: everything matches. */
  readonly requirements: readonly FieldRequirement[];
}

/** Splits on commas that are not escaped by a backslash. */
function splitTerms(selector: string): string[] {
  const terms: string[] = [];
  let start = 0;
  let inSlash = false;
  for (let i = 0; i < selector.length; i++) {
    const c = selector[i];
    if (inSlash) inSlash = false;
    else if (c === '\\') inSlash = true;
    else if (c === ',') {
      terms.push(selector.slice(start, i));
      start = i + 1;
    }
  }
  terms.push(selector.slice(start));
  return terms;
}

/** The first operator occurrence splits the term; lhs has no escaping. */
function splitTerm(term: string): [string, '=' | '!=', string] | undefined {
  for (let i = 0; i < term.length; i++) {
    for (const op of ['!=', '==', '='] as const) {
      if (term.startsWith(op, i))
        return [term.slice(0, i), op === '!=' ? '!=' : '=', term.slice(i + op.length)];
    }
  }
  return undefined;
}

/** fields.UnescapeValue, with kube's messages (an unescaped rune is printed as its code point). */
function unescapeValue(s: string): string | SelectorError {
  let out = '';
  let inSlash = false;
  for (const c of s) {
    if (inSlash) {
      if (c !== '\\' && c !== ',' && c !== '=') {
        return new SelectorError(`invalid field selector: invalid escape sequence: \\${c}`);
      }
      out += c;
      inSlash = false;
    } else if (c === '\\') inSlash = true;
    else if (c === ',' || c === '=') {
      return new SelectorError(`invalid field selector: unescaped character in value: ${c.charCodeAt(0)}`);
    } else out += c;
  }
  return inSlash ? new SelectorError('invalid field selector: invalid escape sequence: \\') : out;
}

/**
 * fields.ParseSelector followed by the kind's field label conversion: an unknown field gives
 * `field label not supported: <field>`. An empty string selects everything.
 */
export function parseFieldSelector(
  selector: string,
  supported: (field: string) => boolean,
): FieldSelector | SelectorError {
  const requirements: FieldRequirement[] = [];
  for (const part of splitTerms(selector).sort()) {
    if (part === '') continue;
    const split = splitTerm(part);
    if (split === undefined)
      return new SelectorError(`invalid selector: '${selector}'; can't understand '${part}'`);
    const [field, operator, raw] = split;
    const value = unescapeValue(raw);
    if (value instanceof SelectorError) return value;
    requirements.push({ field, operator, value });
  }
  const unsupported = requirements.find((r) => !supported(r.field));
  if (unsupported !== undefined) return new SelectorError(`field label not supported: ${unsupported.field}`);
  return { requirements };
}

/** Selector.Matches; a field the getter does not know reads as "" (as kube's fields.Set does). */
export function matchesFields(
  selector: FieldSelector,
  getField: (field: string) => string | undefined,
): boolean {
  return selector.requirements.every((r) => ((getField(r.field) ?? '') === r.value) === (r.operator === '='));
}

/**
 * Selector.RequiresExactMatch: the value an "=" term demands for field, if any. A store may use
 * it for a point read, but must still filter with matchesFields (other terms may exclude it).
 */
export function fieldRequiresExactMatch(selector: FieldSelector, field: string): string | undefined {
  return selector.requirements.find((r) => r.field === field && r.operator === '=')?.value;
}

/** `metadata.name=X` → X (kubectl delete/wait send it). */
export const exactName = (selector: FieldSelector): string | undefined =>
  fieldRequiresExactMatch(selector, 'metadata.name');

/** `metadata.namespace=X` → X. */
export const exactNamespace = (selector: FieldSelector): string | undefined =>
  fieldRequiresExactMatch(selector, 'metadata.namespace');

export function isEverythingField(selector: FieldSelector): boolean {
  return selector.requirements.length === 0;
}

const escapeValue = (v: string): string => v.replace(/[\\,=]/g, (c) => `\\${c}`);

/** Selector.String, values escaped: "metadata.name=a,status.phase!=Active". */
export function formatFieldSelector(selector: FieldSelector): string {
  return selector.requirements.map((r) => `${r.field}${r.operator}${escapeValue(r.value)}`).join(',');
}
