import { describe, expect, it } from '@jest/globals';
import {
  type FieldSelector,
  SelectorError,
  exactName,
  exactNamespace,
  fieldRequiresExactMatch,
  formatFieldSelector,
  isEverythingField,
  matchesFields,
  parseFieldSelector,
} from './index.js';

const META = new Set(['metadata.name', 'metadata.namespace', 'status.phase']);
const supported = (f: string): boolean => META.has(f);

function parsed(s: string): FieldSelector {
  const sel = parseFieldSelector(s, supported);
  if (sel instanceof SelectorError) throw new Error(`unexpected error for ${s}: ${sel.message}`);
  return sel;
}

function parseError(s: string): string {
  const sel = parseFieldSelector(s, supported);
  if (!(sel instanceof SelectorError)) throw new Error(`expected an error for ${s}`);
  expect(sel.code).toBe(400);
  return sel.message;
}

describe('parseFieldSelector', () => {
  it('parses =, == and != terms, sorted, with == normalised', () => {
    expect(parsed('metadata.namespace!=y,metadata.name==x').requirements).toEqual([
      { field: 'metadata.name', operator: '=', value: 'x' },
      { field: 'metadata.namespace', operator: '!=', value: 'y' },
    ]);
  });

  it('selects everything for an empty string and skips empty terms', () => {
    expect(isEverythingField(parsed(''))).toBe(true);
    expect(parsed(',,metadata.name=x,').requirements).toHaveLength(1);
  });

  it('unescapes \\, \\= and \\\\ in values', () => {
    expect(parsed('metadata.name=a\\,b\\=c\\\\d').requirements[0]?.value).toBe('a,b=c\\d');
    expect(formatFieldSelector(parsed('metadata.name=a\\,b\\=c\\\\d'))).toBe('metadata.name=a\\,b\\=c\\\\d');
  });

  it.each([
    ['foo', "invalid selector: 'foo'; can't understand 'foo'"],
    ['metadata.name=x,foo=bar', 'field label not supported: foo'],
    ['spec.x=1', 'field label not supported: spec.x'],
    ['metadata.name =x', 'field label not supported: metadata.name '],
    ['=x', 'field label not supported: '],
    ['metadata.name=a=b', 'invalid field selector: unescaped character in value: 61'],
    ['metadata.name!=a=b', 'invalid field selector: unescaped character in value: 61'],
    ['metadata.name=a\\', 'invalid field selector: invalid escape sequence: \\'],
    ['metadata.name=a\\x', 'invalid field selector: invalid escape sequence: \\x'],
    ['__proto__=x', 'field label not supported: __proto__'],
  ])('rejects %j', (input, message) => {
    expect(parseError(input)).toBe(message);
  });

  it('is total on hostile input', () => {
    let seed = 3;
    const alphabet = 'ab=!,\\.metadata.name';
    for (let i = 0; i < 3000; i++) {
      let s = '';
      for (let j = 0; j < 16; j++) {
        seed = (seed * 1103515245 + 12345) & 0x7fffffff;
        s += alphabet.charAt(seed % alphabet.length);
      }
      parseFieldSelector(s, () => true);
    }
    expect(parseFieldSelector(`metadata.name=${'\\,'.repeat(50000)}`, supported)).not.toBeInstanceOf(
      SelectorError,
    );
  });
});

describe('matchesFields', () => {
  const fields: Record<string, string> = { 'metadata.name': 'a1', 'metadata.namespace': 'ns1' };
  const get = (f: string): string | undefined => fields[f];

  it.each([
    ['', true],
    ['metadata.name=a1', true],
    ['metadata.name=a2', false],
    ['metadata.name!=a2', true],
    ['metadata.name=a1,metadata.namespace!=ns1', false],
    ['status.phase=', true],
    ['status.phase!=', false],
    ['status.phase!=Active', true],
  ])('%j → %s', (selector, expected) => {
    expect(matchesFields(parsed(selector), get)).toBe(expected);
  });
});

describe('exact matches', () => {
  it('finds metadata.name=X and metadata.namespace=X for point reads', () => {
    const sel = parsed('metadata.namespace=ns1,metadata.name=a1');
    expect(exactName(sel)).toBe('a1');
    expect(exactNamespace(sel)).toBe('ns1');
    expect(exactName(parsed('metadata.name==a1'))).toBe('a1');
  });

  it('ignores != terms', () => {
    expect(exactName(parsed('metadata.name!=a1'))).toBeUndefined();
    expect(fieldRequiresExactMatch(parsed('status.phase=Active'), 'metadata.name')).toBeUndefined();
  });
});
