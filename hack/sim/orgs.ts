/**
 * The simulated tenants: `count` organizations named org-000000… holding exactly `agents` agents
 * between them, sized by a seeded log-normal draw (median ≈ mean / e^(σ²/2)): most organizations
 * hold a few agents, a handful hold tens of thousands, as SaaS tenants do.
 */
import { mulberry32, normal } from './prng.js';

export interface PopulationOptions {
  readonly count: number;
  readonly agents: number;
  /** σ of ln(agents per organization); 2 puts the median near an eighth of the mean */
  readonly sigma: number;
  readonly seed: number;
}

export interface Organization {
  readonly name: string;
  readonly agents: number;
}

export function orgName(i: number): string {
  return `org-${String(i).padStart(6, '0')}`;
}

/** Non-negative integers proportional to `weights` that sum to exactly `total` (largest remainder). */
export function apportion(weights: readonly number[], total: number): number[] {
  const sum = weights.reduce((a, w) => a + w, 0);
  const exact = weights.map((w) => (w / sum) * total);
  const out = exact.map(Math.floor);
  let left = total - out.reduce((a, n) => a + n, 0);
  const byRemainder = exact
    .map((x, i) => ({ i, r: x - Math.floor(x) }))
    .sort((a, b) => b.r - a.r || a.i - b.i);
  for (const { i } of byRemainder) {
    if (left <= 0) break;
    out[i] = (out[i] ?? 0) + 1;
    left -= 1;
  }
  return out;
}

export function population(opts: PopulationOptions): Organization[] {
  const rand = mulberry32(opts.seed);
  const weights = Array.from({ length: opts.count }, () => Math.exp(opts.sigma * normal(rand)));
  return apportion(weights, opts.agents).map((agents, i) => ({ name: orgName(i), agents }));
}
