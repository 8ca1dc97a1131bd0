import { describe, expect, it } from '@jest/globals';
import { RateLimiter } from './rate-limit.js';

function clock(start = 1_000_000): { now: () => Date; advance: (s: number) => void } {
  let t = start;
  return { now: () => new Date(t), advance: (s) => (t += s * 1000) };
}

describe('RateLimiter', () => {
  it('allows a burst, then answers how long to wait', () => {
    const c = clock();
    const rl = new RateLimiter({ burst: 3, refillSeconds: 10 }, c.now);
    expect([rl.take('a'), rl.take('a'), rl.take('a')]).toEqual([0, 0, 0]);
    expect(rl.take('a')).toBe(10);
    c.advance(4);
    expect(rl.take('a')).toBe(6);
    expect(rl.take('b')).toBe(0);
  });

  it('refills one token per period, up to the burst', () => {
    const c = clock();
    const rl = new RateLimiter({ burst: 2, refillSeconds: 5 }, c.now);
    rl.take('a');
    rl.take('a');
    c.advance(5);
    expect(rl.take('a')).toBe(0);
    expect(rl.take('a')).toBeGreaterThan(0);
    c.advance(1000);
    expect([rl.take('a'), rl.take('a')]).toEqual([0, 0]);
    expect(rl.take('a')).toBe(5);
  });

  it('gives a token back on refund, never beyond the burst', () => {
    const c = clock();
    const rl = new RateLimiter({ burst: 1, refillSeconds: 60 }, c.now);
    expect(rl.take('a')).toBe(0);
    rl.refund('a');
    rl.refund('a');
    expect(rl.take('a')).toBe(0);
    expect(rl.take('a')).toBe(60);
  });

  it('bounds memory: full buckets go first, then the oldest', () => {
    const c = clock();
    const rl = new RateLimiter({ burst: 1, refillSeconds: 60 }, c.now, 3);
    for (const k of ['a', 'b', 'c', 'd', 'e']) rl.take(k);
    // only the 3 newest keys are remembered; 'a' was dropped and may try again
    expect(rl.take('a')).toBe(0);
    expect(rl.take('e')).toBe(60);
  });
});
