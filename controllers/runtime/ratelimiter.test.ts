import { describe, expect, it } from '@jest/globals';
import { FakeClock } from '../testing/fake-clock.js';
import {
  defaultControllerRateLimiter,
  ItemExponentialRateLimiter,
  MaxOfRateLimiter,
  TokenBucketRateLimiter,
} from './ratelimiter.js';

describe('ItemExponentialRateLimiter', () => {
  it('doubles from 5 ms per failure up to 1000 s, per item', () => {
    const l = new ItemExponentialRateLimiter(5, 1_000_000);
    expect([l.when('a'), l.when('a'), l.when('a'), l.when('a')]).toEqual([5, 10, 20, 40]);
    expect(l.when('b')).toBe(5);
    for (let i = 0; i < 30; i++) l.when('a');
    expect(l.when('a')).toBe(1_000_000);
    expect(l.numRequeues('b')).toBe(1);
    l.forget('a');
    expect(l.when('a')).toBe(5);
  });
});

describe('TokenBucketRateLimiter', () => {
  it('allows a burst at once, then one token per 1/rate seconds', async () => {
    const clock = new FakeClock();
    const l = new TokenBucketRateLimiter(50, 300, clock);
    for (let i = 0; i < 300; i++) expect(l.when()).toBe(0);
    expect(l.when()).toBeCloseTo(20);
    expect(l.when()).toBeCloseTo(40);
    await clock.advance(1000);
    // 50 tokens accrued, 2 were owed
    for (let i = 0; i < 48; i++) expect(l.when()).toBe(0);
    expect(l.when()).toBeCloseTo(20);
  });
});

describe('defaultControllerRateLimiter', () => {
  it('takes the larger of the per-item and the overall delay', () => {
    const clock = new FakeClock();
    const l = defaultControllerRateLimiter(clock);
    expect(l.when('a')).toBe(5);
    expect(l.when('a')).toBe(10);
    for (let i = 0; i < 400; i++) l.when(`k${i}`);
    expect(l.when('fresh')).toBeGreaterThan(5);
    expect(l.numRequeues('a')).toBe(2);
  });

  it('combines arbitrary limiters', () => {
    const m = new MaxOfRateLimiter([
      new ItemExponentialRateLimiter(1, 8),
      new ItemExponentialRateLimiter(3, 5),
    ]);
    expect([m.when('x'), m.when('x'), m.when('x'), m.when('x')]).toEqual([3, 5, 5, 8]);
    m.forget('x');
    expect(m.numRequeues('x')).toBe(0);
  });
});
