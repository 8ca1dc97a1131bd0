/**
 * Placement of organizations on etcd shards by rendezvous (highest-random-weight) hashing: each
 * organization ranks every shard by score(org, shard) and lives on the top one. The placement of an
 * organization depends only on its name and the set of shard names, never on other tenants, so
 * adding a shard moves exactly the organizations that now rank it first (about 1/(K+1) of them)
 * and removing one moves only its own. Chosen over a ring with virtual nodes because it needs no
 * vnode count to tune (a ring needs ~100+ vnodes per shard for ±10 % balance), its balance is that
 * of a uniform random draw, and K (tens of shards) makes the O(K) lookup free.
 *
 * Bounded-load placement (Mirrokni, Thorup, Zadimoghaddam 2016) takes the first shard in the
 * organization's ranking that still has room below (1 + ε) × the mean load, so no shard exceeds it
 * unless one organization alone does; the result depends on arrival order and must be recorded.
 */
import { createHash } from 'node:crypto';

export interface Shard {
  readonly name: string;
  /** 32 bits of SHA-256(name) */
  readonly key: number;
}

/** 32 bits of the SHA-256 of a name: the input to every score. */
export function nameKey(name: string): number {
  return createHash('sha256').update(name).digest().readUInt32BE(0);
}

export function shards(count: number, offset = 0): Shard[] {
  return Array.from({ length: count }, (_, i) => {
    const name = `shard-${String(i + offset)}`;
    return { name, key: nameKey(name) };
  });
}

/** murmur3's 32-bit finaliser: every input bit flips each output bit with probability ≈ ½. */
function fmix32(x: number): number {
  let h = x >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

export function score(orgKey: number, shard: Shard): number {
  return fmix32(orgKey ^ shard.key);
}

/** The index of the shard an organization lives on (ties, p ≈ K²/2³³, go to the lower name). */
export function place(orgKey: number, ring: readonly Shard[]): number {
  let best = -1;
  let bestScore = -1;
  ring.forEach((s, i) => {
    const v = score(orgKey, s);
    const prev = ring[best];
    if (v > bestScore || (v === bestScore && prev !== undefined && s.name < prev.name)) {
      best = i;
      bestScore = v;
    }
  });
  return best;
}

/** Shard indices from the organization's first choice to its last. */
export function ranking(orgKey: number, ring: readonly Shard[]): number[] {
  const scored = ring.map((s, i) => ({ i, v: score(orgKey, s), name: s.name }));
  scored.sort((a, b) => b.v - a.v || (a.name < b.name ? -1 : 1));
  return scored.map((s) => s.i);
}

function leastLoaded(load: Float64Array): number {
  let min = 0;
  load.forEach((v, i) => {
    if (v < (load[min] ?? 0)) min = i;
  });
  return min;
}

export interface Weighted {
  readonly key: number;
  /** objects the organization holds */
  readonly size: number;
}

/** Objects a shard may hold under bounded-load placement: ⌈(1 + ε) × total / K⌉. */
export function boundedCapacity(orgs: readonly Weighted[], shardCount: number, epsilon: number): number {
  const total = orgs.reduce((a, o) => a + o.size, 0);
  return Math.ceil(((1 + epsilon) * total) / shardCount);
}

/**
 * Bounded-load placement of `orgs` in arrival order: capacity ⌈(1 + ε) × total / K⌉ objects per
 * shard; an organization too large for any shard's remaining room goes to the least loaded.
 */
export function placeBounded(orgs: readonly Weighted[], ring: readonly Shard[], epsilon: number): Int32Array {
  const capacity = boundedCapacity(orgs, ring.length, epsilon);
  const load = new Float64Array(ring.length);
  const out = new Int32Array(orgs.length);
  orgs.forEach((o, j) => {
    const order = ranking(o.key, ring);
    const at = order.find((i) => (load[i] ?? 0) + o.size <= capacity) ?? leastLoaded(load);
    load[at] = (load[at] ?? 0) + o.size;
    out[j] = at;
  });
  return out;
}
