import { describe, expect, it } from '@jest/globals';
import {
  EVERYTHING,
  type LabelSelector,
  NOTHING,
  SelectorError,
  formatLabelSelector,
  isEverything,
  labelRequiresExactMatch,
  labelSelectorFromMeta,
  matchesLabels,
  parseLabelSelector,
} from './index.js';

function parsed(s: string): LabelSelector {
  const sel = parseLabelSelector(s);
  if (sel instanceof SelectorError) throw new Error(`unexpected parse error for ${s}: ${sel.message}`);
  return sel;
}

function parseError(s: string): string {
  const sel = parseLabelSelector(s);
  if (!(sel instanceof SelectorError)) throw new Error(`expected a parse error for ${s}`);
  expect(sel.code).toBe(400);
  return sel.message;
}

const NAME_PART =
  "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
const LABEL_VALUE =
  "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";

describe('parseLabelSelector', () => {
  it.each([
    ['', ''],
    ['   ', ''],
    ['x=a,y=b,z=c', 'x=a,y=b,z=c'],
    ['z==c,x!=a', 'x!=a,z==c'],
    ['x=', 'x='],
    ['x= ,z= ', 'x=,z='],
    ['!x', '!x'],
    ['x', 'x'],
    ['x>1,z<5', 'x>1,z<5'],
    ['x in (b,a,b)', 'x in (a,b)'],
    ['x notin ()', 'x notin ()'],
    ['x in (a,,b)', 'x in (,a,b)'],
    ['x in (,)', 'x in ()'],
    ['in in (in, notin)', 'in in (in,notin)'],
    ['  app.kubernetes.io/name = demo ,  tier != web ', 'app.kubernetes.io/name=demo,tier!=web'],
  ])('parses %j', (input, formatted) => {
    expect(formatLabelSelector(parsed(input))).toBe(formatted);
  });

  it('produces sorted requirements with sorted, de-duplicated values', () => {
    expect(parsed('b in (y,x,y),a').requirements).toEqual([
      { key: 'a', operator: 'exists', values: [] },
      { key: 'b', operator: 'in', values: ['x', 'y'] },
    ]);
  });

  it.each([
    ['x==a==b', "found '==', expected: ',' or 'end of string'"],
    ['!x=a', "found '=', expected: ',' or 'end of string'"],
    ['x=a b', "found 'b', expected: ',' or 'end of string'"],
    [',a', "found ',', expected: !, identifier, or 'end of string'"],
    ['a,', "found '', expected: identifier after ','"],
    ['=a', "found '=', expected: !, identifier, or 'end of string'"],
    ['a b', "unable to parse requirement: found 'b', expected: in, notin, =, ==, !=, gt, lt"],
    ['x in a', "unable to parse requirement: found 'a' expected: '('"],
    ['x in (a', "unable to parse requirement: found '', expected: ',' or ')'"],
    ['x in (a b)', "unable to parse requirement: found 'b', expected: ',' or ')'"],
    ['x in (=)', "unable to parse requirement: found '=', expected: ',', ')' or identifier"],
    ['x in (a,=)', "unable to parse requirement: found '=', expected: ',', or identifier"],
    ['x=(', "unable to parse requirement: found '(', expected: identifier"],
    ['!', "unable to parse requirement: found '', expected: identifier"],
    [
      'x<a',
      "unable to parse requirement: values[0]: Invalid value: \"a\": for 'Gt', 'Lt' operators, the value must be an integer",
    ],
    ['-a=b', `unable to parse requirement: <nil>: Invalid value: "-a": ${NAME_PART}`],
    ['x=a||y', `unable to parse requirement: values[0][x]: Invalid value: "a||y": ${LABEL_VALUE}`],
  ])('rejects %j with kube’s message', (input, message) => {
    expect(parseError(input)).toBe(message);
  });

  it('validates key prefixes and length like IsQualifiedName', () => {
    expect(parseError('Example.com/a')).toMatch(
      /^unable to parse requirement: <nil>: Invalid value: "Example.com\/a": prefix part a lowercase RFC 1123 subdomain .* \(e\.g\. 'example\.com', regex used for validation is/,
    );
    expect(parseError('/a')).toBe(
      'unable to parse requirement: <nil>: Invalid value: "/a": prefix part must be non-empty',
    );
    expect(parseError('a/b/c')).toMatch(
      /Invalid value: "a\/b\/c": a qualified name must consist of .* with an optional DNS subdomain prefix/,
    );
    expect(parseError(`${'k'.repeat(64)}=v`)).toMatch(/name part must be no more than 63 characters$/);
  });

  it('aggregates several value errors like utilerrors.NewAggregate', () => {
    expect(parseError('x>1!')).toBe("found '!', expected: ',' or 'end of string'");
    expect(parseError(`x<${'1'.repeat(70)}`)).toBe(
      `unable to parse requirement: [values[0]: Invalid value: "${'1'.repeat(70)}": for 'Gt', 'Lt' operators, the value must be an integer, ` +
        `values[0][x]: Invalid value: "${'1'.repeat(70)}": must be no more than 63 characters]`,
    );
  });

  it('is total and fast on hostile input', () => {
    let seed = 1;
    const alphabet = 'ab=!(),<> \t\0in/.-_\\x';
    for (let i = 0; i < 3000; i++) {
      let s = '';
      for (let j = 0; j < 20; j++) {
        seed = (seed * 1103515245 + 12345) & 0x7fffffff;
        s += alphabet.charAt(seed % alphabet.length);
      }
      const r = parseLabelSelector(s);
      if (!(r instanceof SelectorError)) expect(Array.isArray(r.requirements)).toBe(true);
    }
    const started = Date.now();
    expect(parseLabelSelector(`a in (${'x,'.repeat(50000)}x)`)).not.toBeInstanceOf(SelectorError);
    expect(parseLabelSelector('('.repeat(100000))).toBeInstanceOf(SelectorError);
    expect(Date.now() - started).toBeLessThan(2000);
  });
});

describe('matchesLabels', () => {
  const cases: [string, Record<string, string> | undefined, boolean][] = [
    ['', undefined, true],
    ['x in (a,b)', { x: 'a' }, true],
    ['x in (a,b)', { x: 'c' }, false],
    ['x in (a,b)', {}, false],
    ['x=a', { x: 'a', y: 'b' }, true],
    ['x==a', { x: 'b' }, false],
    ['x notin (a)', {}, true],
    ['x notin (a)', { x: 'b' }, true],
    ['x notin (a)', { x: 'a' }, false],
    ['x!=a', {}, true],
    ['x!=a', { x: 'a' }, false],
    ['x', { x: '' }, true],
    ['x', {}, false],
    ['!x', {}, true],
    ['!x', { x: '' }, false],
    ['x=', { x: '' }, true],
    ['x=', {}, false],
    ['x>1', { x: '2' }, true],
    ['x>1', { x: '1' }, false],
    ['x<10', { x: '-3' }, true],
    ['x>1', { x: 'a' }, false],
    ['x>1', {}, false],
    ['constructor', {}, false],
    ['!toString', {}, true],
    ['app=demo,tier!=db', { app: 'demo', tier: 'web' }, true],
  ];
  it.each(cases)('%j against %j → %s', (selector, labels, expected) => {
    expect(matchesLabels(parsed(selector), labels)).toBe(expected);
  });

  it('NOTHING matches nothing and EVERYTHING everything', () => {
    expect(matchesLabels(NOTHING, {})).toBe(false);
    expect(matchesLabels(EVERYTHING, { a: 'b' })).toBe(true);
    expect(isEverything(EVERYTHING)).toBe(true);
    expect(isEverything(NOTHING)).toBe(false);
  });
});

describe('labelRequiresExactMatch', () => {
  it('returns the single value of =, == and one-value in', () => {
    expect(labelRequiresExactMatch(parsed('a=1,b in (2),c in (3,4),d!=5'), 'a')).toBe('1');
    expect(labelRequiresExactMatch(parsed('b in (2)'), 'b')).toBe('2');
    expect(labelRequiresExactMatch(parsed('c in (3,4)'), 'c')).toBeUndefined();
    expect(labelRequiresExactMatch(parsed('d!=5'), 'd')).toBeUndefined();
  });
});

describe('labelSelectorFromMeta', () => {
  it('maps null to nothing and {} to everything', () => {
    expect(labelSelectorFromMeta(null)).toBe(NOTHING);
    expect(labelSelectorFromMeta(undefined)).toBe(NOTHING);
    expect(labelSelectorFromMeta({})).toEqual(EVERYTHING);
  });

  it('converts matchLabels and matchExpressions', () => {
    const sel = labelSelectorFromMeta({
      matchLabels: { app: 'demo' },
      matchExpressions: [
        { key: 'tier', operator: 'In', values: ['web', 'api'] },
        { key: 'env', operator: 'NotIn', values: ['prod'] },
        { key: 'owner', operator: 'Exists' },
        { key: 'legacy', operator: 'DoesNotExist', values: null },
      ],
    });
    if (sel instanceof SelectorError) throw sel;
    expect(formatLabelSelector(sel)).toBe('app=demo,env notin (prod),!legacy,owner,tier in (api,web)');
    expect(matchesLabels(sel, { app: 'demo', tier: 'web', owner: 'x' })).toBe(true);
    expect(matchesLabels(sel, { app: 'demo', tier: 'web', owner: 'x', legacy: '1' })).toBe(false);
  });

  it.each([
    [{ matchExpressions: [{ key: 'a', operator: 'Foo' }] }, '"Foo" is not a valid label selector operator'],
    [
      { matchExpressions: [{ key: 'a', operator: 'In' }] },
      "values: Invalid value: []string(nil): for 'in', 'notin' operators, values set can't be empty",
    ],
    [
      { matchExpressions: [{ key: 'a', operator: 'Exists', values: ['x'] }] },
      'values: Invalid value: []string{"x"}: values set must be empty for exists and does not exist',
    ],
    [{ matchLabels: { 'bad key!': 'v' } }, /^key: Invalid value: "bad key!": name part must consist/],
    [
      { matchLabels: { a: 'bad value!' } },
      /^values\[0\]\[a\]: Invalid value: "bad value!": a valid label must/,
    ],
  ])('rejects %j', (input, message) => {
    const sel = labelSelectorFromMeta(input);
    expect(sel).toBeInstanceOf(SelectorError);
    expect((sel as SelectorError).message).toMatch(message);
  });

  it('returns an error, never throws, for wrongly typed input', () => {
    const hostile: unknown[] = [
      { matchLabels: { a: 1 } },
      { matchLabels: 'a=b' },
      { matchExpressions: 'a' },
      { matchExpressions: [null] },
      { matchExpressions: [{ key: 1, operator: 'In', values: ['a'] }] },
      { matchExpressions: [{ key: 'a', operator: 'In', values: [1] }] },
    ];
    for (const h of hostile) {
      expect(labelSelectorFromMeta(h as never)).toBeInstanceOf(SelectorError);
    }
  });
});
