import { describe, expect, it } from '@jest/globals';
import { strictDecodingMessage, unknownFieldsOutcome, warningHeaderValues } from './unknown-fields.js';

describe('unknown fields under fieldValidation', () => {
  it('Strict: one BadRequest message listing every field', () => {
    expect(strictDecodingMessage(['spec.colour'])).toBe('strict decoding error: unknown field "spec.colour"');
    expect(unknownFieldsOutcome(['spec.colour', 'metadata.foo'], 'Strict')).toEqual({
      badRequest: 'strict decoding error: unknown field "spec.colour", unknown field "metadata.foo"',
      warnings: [],
    });
  });

  it('Warn: one warning per field; Ignore and no fields: nothing', () => {
    expect(unknownFieldsOutcome(['spec.colour'], 'Warn')).toEqual({
      warnings: ['unknown field "spec.colour"'],
    });
    expect(unknownFieldsOutcome(['spec.colour'], 'Ignore')).toEqual({ warnings: [] });
    expect(unknownFieldsOutcome([], 'Strict')).toEqual({ warnings: [] });
  });
});

describe('warningHeaderValues', () => {
  it('formats 299 warnings with escaped quotes', () => {
    expect(warningHeaderValues(['unknown field "spec.colour"'])).toEqual([
      '299 - "unknown field \\"spec.colour\\""',
    ]);
  });

  it('drops empty, repeated and control-character texts', () => {
    expect(warningHeaderValues(['', 'a', 'a', 'b\nc', 'd'])).toEqual(['299 - "a"', '299 - "d"']);
  });

  it('sends UTF-8 bytes through Node’s latin1 header encoding', () => {
    const [h] = warningHeaderValues(['unknown field "spec.€"']);
    expect(Buffer.from(h ?? '', 'latin1').toString('utf8')).toBe('299 - "unknown field \\"spec.€\\""');
  });

  it('truncates like apiserver’s recorder once the total is exceeded', () => {
    const texts = [
      'aaaaaaaaaa',
      'aaaaaaaaaa',
      'bb',
      'ccc',
      'Iñtërnâtiô',
      'e',
      'ffffffffff',
      'ffffffffff',
      'gggggggggg',
      'h',
    ];
    const got = warningHeaderValues(texts, { total: 25, item: 5 }).map((h) =>
      Buffer.from(h, 'latin1').toString('utf8'),
    );
    expect(got).toEqual([
      '299 - "aaaaa"',
      '299 - "bb"',
      '299 - "ccc"',
      '299 - "Iñtër"',
      '299 - "e"',
      '299 - "fffff"',
      '299 - "ggggg"',
    ]);
  });
});
