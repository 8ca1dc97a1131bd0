import { describe, expect, it } from '@jest/globals';
import { EventRing } from './ring.js';

const ev = (rev: number): { rev: number } => ({ rev });

describe('EventRing', () => {
  it('returns the events after a revision, and undefined below its floor', () => {
    const r = new EventRing<{ rev: number }>(10, { min: 4, max: 4, freshMs: 0 });
    for (const rev of [11, 12, 13]) r.push(ev(rev));
    expect(r.since(10)?.map((e) => e.rev)).toEqual([11, 12, 13]);
    expect(r.since(12)?.map((e) => e.rev)).toEqual([13]);
    expect(r.since(13)).toEqual([]);
    expect(r.since(20)).toEqual([]);
    expect(r.since(9)).toBeUndefined();
  });

  it('evicts the oldest when full and not fresh, raising the floor to the evicted revision', () => {
    const r = new EventRing<{ rev: number }>(0, { min: 2, max: 8, freshMs: 0 });
    for (const rev of [1, 2, 3, 4]) r.push(ev(rev));
    expect(r.capacity).toBe(2);
    expect(r.floor).toBe(2);
    expect(r.since(1)).toBeUndefined();
    expect(r.since(2)?.map((e) => e.rev)).toEqual([3, 4]);
  });

  it('grows (doubling, up to max) instead of evicting events younger than freshMs', () => {
    let now = 0;
    const r = new EventRing<{ rev: number }>(0, { min: 2, max: 5, freshMs: 1000, now: () => now });
    for (let rev = 1; rev <= 5; rev++) r.push(ev(rev));
    expect(r.capacity).toBe(5);
    expect(r.size).toBe(5);
    expect(r.since(0)?.map((e) => e.rev)).toEqual([1, 2, 3, 4, 5]);
    r.push(ev(6));
    expect(r.capacity).toBe(5);
    expect(r.floor).toBe(1);
    now = 5000;
    r.push(ev(7));
    expect(r.since(2)?.map((e) => e.rev)).toEqual([3, 4, 5, 6, 7]);
  });

  it('keeps events of one revision resumable only as a whole', () => {
    const r = new EventRing<{ rev: number; k: string }>(0, { min: 2, max: 2, freshMs: 0 });
    r.push({ rev: 1, k: 'a' });
    r.push({ rev: 1, k: 'b' });
    r.push({ rev: 2, k: 'c' });
    expect(r.since(0)).toBeUndefined();
    expect(r.since(1)?.map((e) => e.k)).toEqual(['c']);
  });
});
