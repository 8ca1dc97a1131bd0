import { describe, expect, it } from '@jest/globals';
import type { Schema } from './types.js';
import { validateSchema } from './validate.js';

const msgs = (obj: unknown, s: Schema): string[] => validateSchema(obj, s).map((e) => e.message);
const withSpec = (x: Schema): Schema => ({ type: 'object', properties: { spec: x } });

describe('anyOf / oneOf / allOf / not', () => {
  it('anyOf: a summary at the nil path, then the closest branch’s errors', () => {
    const s = withSpec({ type: 'string', anyOf: [{ enum: ['a'] }, { pattern: '^x', maxLength: 2 }] });
    expect(msgs({ spec: 'a' }, s)).toEqual([]);
    expect(msgs({ spec: 'b' }, s)).toEqual([
      '<nil>: Invalid value: "": "spec" must validate at least one schema (anyOf)',
      'spec: Unsupported value: "b": supported values: "a"',
    ]);
  });

  it('oneOf: none or several valid', () => {
    const s = withSpec({ type: 'integer', oneOf: [{ minimum: 5 }, { maximum: 10 }] });
    expect(msgs({ spec: 20 }, s)).toEqual([]);
    expect(msgs({ spec: 7 }, s)).toEqual([
      '<nil>: Invalid value: "": "spec" must validate one and only one schema (oneOf). Found 2 valid alternatives',
    ]);
  });

  it('allOf: every failing branch, then the summary', () => {
    const s = withSpec({ type: 'integer', allOf: [{ minimum: 5 }, { maximum: 3 }] });
    expect(msgs({ spec: 6 }, s)).toEqual([
      'spec: Invalid value: 6: spec in body should be less than or equal to 3',
      '<nil>: Invalid value: "": "spec" must validate all the schemas (allOf)',
    ]);
    expect(msgs({ spec: 4 }, withSpec({ allOf: [{ minimum: 5 }] }))).toEqual([
      'spec: Invalid value: 4: spec in body should be greater than or equal to 5',
      '<nil>: Invalid value: "": "spec" must validate all the schemas (allOf). None validated',
    ]);
  });

  it('not', () => {
    const s = withSpec({ type: 'string', not: { enum: ['forbidden'] } });
    expect(msgs({ spec: 'ok' }, s)).toEqual([]);
    expect(msgs({ spec: 'forbidden' }, s)).toEqual([
      '<nil>: Invalid value: "": "spec" must not validate the schema (not)',
    ]);
  });
});
