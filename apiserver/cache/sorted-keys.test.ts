import { describe, expect } from '@jest/globals';
import { fc, test } from '@fast-check/jest';
import { SortedKeys } from './sorted-keys.js';

type Op = { readonly add: boolean; readonly key: string } | { readonly read: true };

const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ add: fc.boolean(), key: fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f', 'g', 'aa', 'ab') }),
  fc.constant({ read: true as const }),
);

describe('SortedKeys', () => {
  test.prop([fc.uniqueArray(fc.string()), fc.array(op, { maxLength: 60 })], { seed: 1206 })(
    'reads the same as a set sorted afresh, whatever the adds and removes between reads',
    (initial, ops) => {
      const set = new Set(initial);
      const keys = new SortedKeys((k) => set.has(k), set);
      const handedOut: { array: readonly string[]; copy: string[] }[] = [];
      for (const o of ops) {
        if ('read' in o) {
          const array = keys.keys();
          expect(array).toEqual([...set].sort());
          handedOut.push({ array, copy: [...array] });
        } else if (o.add && !set.has(o.key)) {
          set.add(o.key);
          keys.add(o.key);
        } else if (!o.add && set.delete(o.key)) {
          keys.remove();
        }
      }
      expect(keys.keys()).toEqual([...set].sort());
      for (const h of handedOut) expect(h.array).toEqual(h.copy);
    },
  );
});
