import { describe, expect, it } from '@jest/globals';
import { apportion, population } from './orgs.js';
import { mulberry32 } from './prng.js';

describe('simulated organizations', () => {
  const opts = { count: 5000, agents: 400_000, sigma: 2, seed: 7 };

  it('are the same for the same seed and differ for another', () => {
    expect(population(opts)).toEqual(population(opts));
    expect(population({ ...opts, seed: 8 })).not.toEqual(population(opts));
    expect(mulberry32(1)()).toBe(mulberry32(1)());
  });

  it('hold exactly the agents asked for, skewed: the median far below the mean', () => {
    const orgs = population(opts);
    const agents = orgs.map((o) => o.agents).sort((a, b) => a - b);
    expect(agents.reduce((a, n) => a + n, 0)).toBe(opts.agents);
    expect(orgs).toHaveLength(opts.count);
    const mean = opts.agents / opts.count;
    expect(agents[opts.count / 2]).toBeLessThan(mean / 3);
    expect(agents[opts.count - 1]).toBeGreaterThan(mean * 50);
  });

  it('apportion sums to the total and follows the weights', () => {
    expect(apportion([1, 1, 1], 10)).toEqual([4, 3, 3]);
    expect(apportion([3, 1], 8)).toEqual([6, 2]);
    expect(apportion([5], 0)).toEqual([0]);
  });
});
