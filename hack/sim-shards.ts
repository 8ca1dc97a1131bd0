/**
 * Simulates placing organizations on K etcd shards by consistent (rendezvous) hashing and prints
 * the balance, what adding a shard moves, what bounded-load hashing changes, and the cost of moving
 * one organization, as Markdown (docs/scaling.md quotes it). Deterministic for a given seed.
 *
 *   npx tsx hack/sim-shards.ts [--orgs 100000] [--agents 10000000] [--shards 3 5 10 20]
 *     [--seed 1] [--sigma 2] [--epsilon 0.1]
 */
import { population } from './sim/orgs.js';
import { balanceTable, boundedTable, header, moveTable } from './sim/report.js';
import { simulate, tenants } from './sim/scenario.js';

/** The values after --name, up to the next flag. */
function values(name: string): string[] {
  const i = process.argv.indexOf(`--${name}`);
  if (i < 0) return [];
  const rest = process.argv.slice(i + 1);
  const end = rest.findIndex((a) => a.startsWith('--'));
  return (end < 0 ? rest : rest.slice(0, end)).flatMap((v) => v.split(',')).filter((v) => v !== '');
}

function numberFlag(name: string, fallback: number, check: (n: number) => boolean): number {
  const v = values(name)[0];
  if (v === undefined) return fallback;
  const n = Number(v);
  if (!check(n)) throw new Error(`--${name}: ${v} is out of range`);
  return n;
}

const positiveInt = (n: number): boolean => Number.isInteger(n) && n > 0;

function main(): void {
  const orgs = numberFlag('orgs', 100_000, positiveInt);
  const agents = numberFlag('agents', 10_000_000, (n) => Number.isInteger(n) && n >= 0);
  const seed = numberFlag('seed', 1, (n) => Number.isInteger(n));
  const sigma = numberFlag('sigma', 2, (n) => n >= 0 && n <= 5);
  const epsilon = numberFlag('epsilon', 0.1, (n) => n > 0 && n <= 10);
  const ks = values('shards').map(Number);
  if (!ks.every(positiveInt)) throw new Error('--shards takes positive integers');
  const shardCounts = ks.length > 0 ? ks : [3, 5, 10, 20];
  const args =
    `--orgs ${String(orgs)} --agents ${String(agents)} --shards ${shardCounts.join(' ')} ` +
    `--seed ${String(seed)} --sigma ${String(sigma)} --epsilon ${String(epsilon)}`;

  const t = tenants(population({ count: orgs, agents, sigma, seed }));
  const results = shardCounts.map((k) => simulate(t, k, epsilon));
  const lines = [
    ...header(t, args, sigma, seed),
    ...balanceTable(results),
    ...boundedTable(results, epsilon),
    ...moveTable(t),
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

main();
