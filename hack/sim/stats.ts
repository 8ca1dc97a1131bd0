/**
 * What a placement costs: how evenly it spreads organizations and objects over the shards, and
 * how much of either a change of placement moves.
 */
export interface Spread {
  /** the fullest shard ÷ the mean */
  readonly maxOverMean: number;
  /** standard deviation ÷ mean (coefficient of variation) */
  readonly cv: number;
  readonly max: number;
  readonly mean: number;
}

export function spread(perShard: ArrayLike<number>): Spread {
  const values = Array.from(perShard);
  const mean = values.reduce((a, v) => a + v, 0) / values.length;
  const variance = values.reduce((a, v) => a + (v - mean) ** 2, 0) / values.length;
  const max = Math.max(...values);
  return { maxOverMean: max / mean, cv: Math.sqrt(variance) / mean, max, mean };
}

/** Per-shard sums of `weight` (1 per organization when absent) under `assignment`. */
export function loads(assignment: Int32Array, shardCount: number, weight?: readonly number[]): Float64Array {
  const out = new Float64Array(shardCount);
  assignment.forEach((s, j) => {
    out[s] = (out[s] ?? 0) + (weight ? (weight[j] ?? 0) : 1);
  });
  return out;
}

export interface Movement {
  /** fraction of organizations whose shard changed */
  readonly orgs: number;
  /** fraction of objects whose shard changed */
  readonly objects: number;
}

export function movement(before: Int32Array, after: Int32Array, sizes: readonly number[]): Movement {
  let orgs = 0;
  let objects = 0;
  let total = 0;
  before.forEach((s, j) => {
    const size = sizes[j] ?? 0;
    total += size;
    if (after[j] !== s) {
      orgs += 1;
      objects += size;
    }
  });
  return { orgs: orgs / before.length, objects: objects / total };
}

/** The q-quantile (0..1) of a list of numbers, nearest rank. */
export function quantile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? 0;
}
