import { describe, expect, it } from '@jest/globals';
import type { Condition } from '../../api/meta.js';
import {
  findStatusCondition,
  isStatusConditionTrue,
  removeStatusCondition,
  setStatusCondition,
} from './conditions.js';

const T0 = Date.parse('2025-01-01T00:00:00Z');
const T1 = Date.parse('2025-01-01T01:00:00Z');

describe('setStatusCondition', () => {
  it('adds a new condition stamped now', () => {
    const c: Condition[] = [];
    expect(
      setStatusCondition(
        c,
        { type: 'Ready', status: 'True', reason: 'Ok', message: 'm', observedGeneration: 2 },
        T0,
      ),
    ).toBe(true);
    expect(c).toEqual([
      {
        type: 'Ready',
        status: 'True',
        reason: 'Ok',
        message: 'm',
        observedGeneration: 2,
        lastTransitionTime: '2025-01-01T00:00:00Z',
      },
    ]);
  });

  it('setting the same condition again changes nothing', () => {
    const c: Condition[] = [];
    setStatusCondition(c, { type: 'Ready', status: 'True', reason: 'Ok', message: 'm' }, T0);
    const before = structuredClone(c);
    expect(setStatusCondition(c, { type: 'Ready', status: 'True', reason: 'Ok', message: 'm' }, T1)).toBe(
      false,
    );
    expect(c).toEqual(before);
  });

  it('moves lastTransitionTime only when status changes', () => {
    const c: Condition[] = [];
    setStatusCondition(
      c,
      { type: 'Ready', status: 'True', reason: 'Ok', message: 'm', observedGeneration: 1 },
      T0,
    );
    expect(
      setStatusCondition(
        c,
        { type: 'Ready', status: 'True', reason: 'Other', message: 'n', observedGeneration: 2 },
        T1,
      ),
    ).toBe(true);
    expect(c[0]).toMatchObject({
      reason: 'Other',
      message: 'n',
      observedGeneration: 2,
      lastTransitionTime: '2025-01-01T00:00:00Z',
    });
    setStatusCondition(c, { type: 'Ready', status: 'False', reason: 'Other', message: 'n' }, T1);
    expect(c[0]?.lastTransitionTime).toBe('2025-01-01T01:00:00Z');
    expect(c[0]?.observedGeneration).toBe(2);
  });

  it('finds, tests and removes by type', () => {
    const c: Condition[] = [];
    setStatusCondition(c, { type: 'Ready', status: 'True', reason: 'Ok', message: '' }, T0);
    setStatusCondition(c, { type: 'QuotaExceeded', status: 'False', reason: 'WithinQuota', message: '' }, T0);
    expect(findStatusCondition(c, 'QuotaExceeded')?.reason).toBe('WithinQuota');
    expect(isStatusConditionTrue(c, 'Ready')).toBe(true);
    expect(isStatusConditionTrue(c, 'QuotaExceeded')).toBe(false);
    expect(removeStatusCondition(c, 'Ready')).toBe(true);
    expect(removeStatusCondition(c, 'Ready')).toBe(false);
    expect(c.map((x) => x.type)).toEqual(['QuotaExceeded']);
  });
});
