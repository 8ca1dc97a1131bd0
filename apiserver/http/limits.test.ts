import { describe, expect, it } from '@jest/globals';
import { isApiError } from '../errors/status.js';
import { decodeObjectBody, parseYaml } from './body.js';
import { MAX_NESTING, checkDocument } from './limits.js';

const nested = (depth: number): unknown => JSON.parse('['.repeat(depth) + ']'.repeat(depth));

function refusal(fn: () => unknown): { code: number; message: string } {
  try {
    fn();
  } catch (err) {
    if (isApiError(err)) return { code: err.code, message: err.message };
    throw err;
  }
  throw new Error('expected an ApiError');
}

describe('checkDocument', () => {
  it('accepts documents nested up to the limit', () => {
    expect(() => {
      checkDocument(nested(MAX_NESTING));
    }).not.toThrow();
    expect(() => {
      checkDocument({ a: [1, 'x', null, { b: true }] });
    }).not.toThrow();
  });

  it('refuses deeper documents with a 400, without overflowing the stack', () => {
    expect(
      refusal(() => {
        checkDocument(nested(MAX_NESTING + 1));
      }),
    ).toEqual({
      code: 400,
      message: 'the request body is nested more than 1000 levels deep',
    });
    expect(
      refusal(() => {
        checkDocument(nested(100_000));
      }).code,
    ).toBe(400);
  });

  it('counts shared (aliased) values each time they appear', () => {
    const leaf = ['x', 'x', 'x'];
    const shared = [leaf, leaf, leaf];
    expect(() => {
      checkDocument(shared, 13);
    }).not.toThrow();
    expect(
      refusal(() => {
        checkDocument(shared, 12);
      }).message,
    ).toBe('the request body expands to too many values (excessive aliasing)');
  });
});

describe('YAML and JSON bodies', () => {
  it('parses JSON sent as YAML as JSON, beyond YAML nesting limits', () => {
    expect(parseYaml('{"a":' + JSON.stringify(nested(300)) + '}')).toEqual({ a: nested(300) });
    expect(parseYaml('{a: [1, 2]}')).toEqual({ a: [1, 2] });
    expect(parseYaml('kind: Agent\nspec:\n  model: m\n')).toEqual({ kind: 'Agent', spec: { model: 'm' } });
  });

  it('refuses an alias bomb', () => {
    let bomb = 'a0: &a0 [x,x,x,x,x,x,x,x,x]\n';
    for (let i = 1; i <= 7; i++)
      bomb += `a${i}: &a${i} [${Array(9)
        .fill(`*a${i - 1}`)
        .join(',')}]\n`;
    expect(refusal(() => parseYaml(bomb)).code).toBe(400);
  });

  it('limits the nesting of create bodies', () => {
    const deep = Buffer.from(`{"spec":${JSON.stringify(nested(MAX_NESTING + 5))}}`);
    expect(refusal(() => decodeObjectBody(deep, 'application/json', undefined)).code).toBe(400);
    const ok = Buffer.from(`{"spec":{"a":1}}`);
    expect(decodeObjectBody(ok, 'application/json; charset=utf-8', undefined)).toEqual({ spec: { a: 1 } });
  });
});
