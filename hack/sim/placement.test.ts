/**
 * Rendezvous placement: a pure function of the organization's name and the shard names, balanced
 * like a uniform draw, and minimal in what a change of shards moves. The property cases are seeded
 * (fast-check prints the seed and path of a failure; SIM_SEED=<seed> replays).
 */
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { orgName } from './orgs.js';
import { boundedCapacity, nameKey, place, placeBounded, shards, type Shard } from './placement.js';
import { loads, movement, spread } from './stats.js';

const SEED = process.env.SIM_SEED ? Number(process.env.SIM_SEED) : 20261206;
const keys = Array.from({ length: 20_000 }, (_, i) => nameKey(orgName(i)));
const placeAll = (ring: readonly Shard[]): Int32Array => Int32Array.from(keys, (k) => place(k, ring));
const nameOf = (ring: readonly Shard[], i: number): string => ring[i]?.name ?? '?';

describe('rendezvous placement', () => {
  it('depends only on the names: the same on every call and whatever the order of the shard list', () => {
    const ring = shards(7);
    const reversed = [...ring].reverse();
    for (const k of keys.slice(0, 2000)) {
      expect(nameOf(ring, place(k, ring))).toBe(nameOf(reversed, place(k, reversed)));
      expect(place(k, ring)).toBe(place(k, ring));
    }
    expect(nameKey('org-000042')).toBe(nameKey('org-000042'));
  });

  it('spreads organizations like a uniform draw', () => {
    const k = 10;
    const s = spread(loads(placeAll(shards(k)), k));
    // a uniform draw of 20,000 over 10 has stddev÷mean = sqrt(9/20000) ≈ 0.021
    expect(s.cv).toBeLessThan(0.04);
    expect(s.maxOverMean).toBeLessThan(1.1);
  });

  it('adding shard K+1 moves only organizations onto it, about 1/(K+1) of them', () => {
    for (const k of [3, 10, 20]) {
      const before = placeAll(shards(k));
      const grown = shards(k + 1);
      const after = placeAll(grown);
      after.forEach((s, j) => {
        if (s !== before[j]) expect(nameOf(grown, s)).toBe(`shard-${String(k)}`);
      });
      const moved = movement(
        before,
        after,
        keys.map(() => 1),
      ).orgs;
      expect(Math.abs(moved - 1 / (k + 1))).toBeLessThan(0.015);
    }
  });

  it('for any organizations and shard set, a change of shards moves only what it must', () => {
    const shardNames = fc.uniqueArray(fc.string({ minLength: 1, maxLength: 12 }), {
      minLength: 2,
      maxLength: 30,
    });
    const orgNames = fc.array(fc.string({ maxLength: 20 }), { minLength: 1, maxLength: 50 });
    fc.assert(
      fc.property(shardNames, orgNames, (names, orgs) => {
        const ring = names.map((name) => ({ name, key: nameKey(name) }));
        const [removed, ...rest] = ring;
        for (const org of orgs) {
          const k = nameKey(org);
          const home = nameOf(ring, place(k, ring));
          const without = nameOf(rest, place(k, rest));
          // removing a shard moves only its own organizations (so adding one moves only onto it)
          if (home !== removed?.name) expect(without).toBe(home);
          else expect(without).not.toBe(home);
        }
      }),
      { seed: SEED, numRuns: 300 },
    );
  });
});

describe('bounded-load placement', () => {
  const sizes = keys.map((_, j) => 1 + ((j * 7919) % 500));
  const weighted = keys.map((key, j) => ({ key, size: sizes[j] ?? 0 }));

  it('keeps every shard within (1 + ε) × the mean when no organization alone exceeds it', () => {
    const k = 10;
    const at = placeBounded(weighted, shards(k), 0.05);
    const capacity = boundedCapacity(weighted, k, 0.05);
    for (const load of loads(at, k, sizes)) expect(load).toBeLessThanOrEqual(capacity);
  });

  it('is plain rendezvous placement when the bound never bites', () => {
    const ring = shards(5);
    expect(placeBounded(weighted, ring, 10)).toEqual(placeAll(ring));
  });
});
