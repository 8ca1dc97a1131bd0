import { fc, test } from '@fast-check/jest';
import { recordJson } from './record-json.js';
import { sampleRecord } from './testdata.js';

describe('recordJson', () => {
  test.prop([fc.dictionary(fc.string(), fc.jsonValue()), fc.string()], { seed: 4242 })(
    "is the record's JSON.stringify text, the same string each time it is asked",
    (annotations, userAgent) => {
      const record = sampleRecord({ annotations: annotations as Record<string, string>, userAgent });
      const text = recordJson(record);
      expect(text).toBe(JSON.stringify(record));
      expect(recordJson(record)).toBe(text);
    },
  );

  it('is kept per record object: another record with other content has its own text', () => {
    const a = sampleRecord();
    const b = sampleRecord({ verb: 'delete' });
    expect(JSON.parse(recordJson(a))).toMatchObject({ verb: 'create' });
    expect(JSON.parse(recordJson(b))).toMatchObject({ verb: 'delete' });
  });
});
