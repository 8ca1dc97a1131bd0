import { describe, expect, it } from '@jest/globals';
import { goFloat, goJSON, goNumber, goQuote, goStringSlice, renderBadValue } from './goformat.js';

describe('goFloat (%v of float64)', () => {
  it.each([
    [1e6, '1e+06'],
    [123456, '123456'],
    [1234567, '1.234567e+06'],
    [0.5, '0.5'],
    [0.0001, '0.0001'],
    [1.5e-5, '1.5e-05'],
    [1e21, '1e+21'],
    [1e300, '1e+300'],
    [-2.5, '-2.5'],
    [0, '0'],
    [Infinity, '+Inf'],
    [NaN, 'NaN'],
  ])('%p → %s', (f, text) => {
    expect(goFloat(f)).toBe(text);
  });
});

describe('goNumber', () => {
  it('prints int64-range integers in decimal and the rest as floats', () => {
    expect(goNumber(0)).toBe('0');
    expect(goNumber(-0)).toBe('0');
    expect(goNumber(2 ** 62)).toBe('4611686018427387904');
    expect(goNumber(1.5)).toBe('1.5');
    expect(goNumber(1e20)).toBe('1e+20');
    expect(goNumber(1e19)).toBe('1e+19');
  });
});

describe('goQuote (strconv.Quote)', () => {
  it('escapes quotes, backslashes and control characters like Go', () => {
    expect(goQuote('a"b\\c')).toBe('"a\\"b\\\\c"');
    expect(goQuote('\n\t\r\u0007\u000b\f\b')).toBe('"\\n\\t\\r\\a\\v\\f\\b"');
    expect(goQuote('\u0001\u007f')).toBe('"\\x01\\x7f"');
  });
  it('keeps printable unicode and escapes the rest', () => {
    expect(goQuote('é € 😀')).toBe('"é € 😀"');
    expect(goQuote('\u00a0\u200b')).toBe('"\\u00a0\\u200b"');
    expect(goQuote('\u{e0001}')).toBe('"\\U000e0001"');
  });
  it('turns lone surrogates into U+FFFD, as Go decoding does', () => {
    expect(goQuote('x\ud800')).toBe('"x\ufffd"');
  });
});

describe('goJSON (encoding/json.Marshal)', () => {
  it('sorts object keys and escapes HTML characters', () => {
    expect(goJSON({ b: 1, a: '<x>&', Z: [1.5, null, true] })).toBe(
      '{"Z":[1.5,null,true],"a":"\\u003cx\\u003e\\u0026","b":1}',
    );
  });
  it('keeps Map (struct) field order', () => {
    expect(
      goJSON(
        new Map<string, unknown>([
          ['z', 1],
          ['a', 2],
        ]),
      ),
    ).toBe('{"z":1,"a":2}');
  });
  it('never throws on values too deep to render', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 5000; i++) deep = [deep];
    expect(goJSON(deep)).toBe('"<value omitted>"');
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(goJSON(cyclic)).toBe('"<value omitted>"');
  });
  it('keeps a __proto__ key as data', () => {
    expect(goJSON(JSON.parse('{"__proto__":{"x":1}}'))).toBe('{"__proto__":{"x":1}}');
  });
});

describe('renderBadValue', () => {
  it('prints scalars with %v / %q and everything else as JSON', () => {
    expect(renderBadValue(0)).toBe('0');
    expect(renderBadValue(true)).toBe('true');
    expect(renderBadValue('x')).toBe('"x"');
    expect(renderBadValue(null)).toBe('null');
    expect(renderBadValue({ name: 'a' })).toBe('{"name":"a"}');
    expect(renderBadValue(['a'])).toBe('["a"]');
  });
  it('prints []string as %#v', () => {
    expect(goStringSlice(['a', 'b'])).toBe('[]string{"a", "b"}');
  });
});
