/**
 * One simulated topology: the organizations placed on K shards by rendezvous hashing and by
 * bounded-load hashing, and what adding shard K+1 moves under each.
 */
import type { Organization } from './orgs.js';
import {
  boundedCapacity,
  nameKey,
  place,
  placeBounded,
  ranking,
  shards,
  type Weighted,
} from './placement.js';
import { loads, movement, spread, type Movement, type Spread } from './stats.js';

/** Objects an organization holds besides its agents: the Organization, its Namespace, its admins' RoleBinding. */
export const OBJECTS_PER_ORG = 3;

export interface Tenants {
  readonly orgs: readonly Organization[];
  readonly weighted: readonly Weighted[];
  /** objects per organization (agents + OBJECTS_PER_ORG) */
  readonly sizes: readonly number[];
  /** index of the largest organization */
  readonly largest: number;
}

export function tenants(orgs: readonly Organization[]): Tenants {
  const sizes = orgs.map((o) => o.agents + OBJECTS_PER_ORG);
  const weighted = orgs.map((o, j) => ({ key: nameKey(o.name), size: sizes[j] ?? 0 }));
  const largest = sizes.reduce((m, s, j) => (s > (sizes[m] ?? 0) ? j : m), 0);
  return { orgs, weighted, sizes, largest };
}

export interface ShardResult {
  readonly k: number;
  readonly orgs: Spread;
  readonly objects: Spread;
  /** the largest organization's objects ÷ the objects of the shard it lands on */
  readonly largestShareOfShard: number;
  readonly addShard: Movement;
  readonly bounded: {
    readonly objects: Spread;
    /** organizations not on their first-choice shard */
    readonly displaced: number;
    /** organizations larger than a shard's capacity (they land on the least loaded shard) */
    readonly oversized: number;
    readonly addShard: Movement;
  };
}

function hashed(t: Tenants, k: number): Int32Array {
  const ring = shards(k);
  return Int32Array.from(t.weighted, (o) => place(o.key, ring));
}

function displacedFraction(t: Tenants, at: Int32Array, k: number): number {
  const ring = shards(k);
  const n = t.weighted.filter((o, j) => ranking(o.key, ring)[0] !== at[j]).length;
  return n / t.weighted.length;
}

export function simulate(t: Tenants, k: number, epsilon: number): ShardResult {
  const plain = hashed(t, k);
  const objectLoads = loads(plain, k, t.sizes);
  const home = plain[t.largest] ?? 0;
  const bounded = placeBounded(t.weighted, shards(k), epsilon);
  const boundedNext = placeBounded(t.weighted, shards(k + 1), epsilon);
  const capacity = boundedCapacity(t.weighted, k, epsilon);
  return {
    k,
    orgs: spread(loads(plain, k)),
    objects: spread(objectLoads),
    largestShareOfShard: (t.sizes[t.largest] ?? 0) / (objectLoads[home] ?? 1),
    addShard: movement(plain, hashed(t, k + 1), t.sizes),
    bounded: {
      objects: spread(loads(bounded, k, t.sizes)),
      displaced: displacedFraction(t, bounded, k),
      oversized: t.sizes.filter((s) => s > capacity).length,
      addShard: movement(bounded, boundedNext, t.sizes),
    },
  };
}
