/**
 * The simulation's output as Markdown tables, ready to paste into docs/scaling.md. Figures that
 * are assumptions rather than results of the simulation are named as such in the output.
 */
import type { ShardResult, Tenants } from './scenario.js';
import { OBJECTS_PER_ORG } from './scenario.js';
import { quantile } from './stats.js';

/** Assumed stored size of one object in etcd: the 1 KiB body `make bench` writes plus metadata. */
export const STORED_KIB_ESTIMATE = 1.5;
/** raw etcd3 txn-creates/s, 64 in flight, 1 KiB values: `make bench`, bench-results.json 2026-12-06 */
export const RAW_ETCD_TXN_PER_SEC = 3842;

const int = (n: number): string => Math.round(n).toLocaleString('en-US');
const pct = (x: number): string => `${(x * 100).toFixed(2)} %`;
const ratio = (x: number): string => x.toFixed(3);

export function header(t: Tenants, args: string, sigma: number, seed: number): string[] {
  const agents = t.orgs.map((o) => o.agents);
  const total = t.sizes.reduce((a, s) => a + s, 0);
  const largest = t.sizes[t.largest] ?? 0;
  return [
    `$ npx tsx hack/sim-shards.ts ${args}`,
    '',
    `${int(t.orgs.length)} organizations, ${int(agents.reduce((a, n) => a + n, 0))} agents ` +
      `(log-normal sizes, σ ${String(sigma)}, seed ${String(seed)}); objects = agents + ${String(OBJECTS_PER_ORG)} ` +
      `per organization = ${int(total)}.`,
    `Agents per organization: median ${int(quantile(agents, 0.5))}, p90 ${int(quantile(agents, 0.9))}, ` +
      `p99 ${int(quantile(agents, 0.99))}, p99.9 ${int(quantile(agents, 0.999))}, max ${int(Math.max(...agents))} ` +
      `(${pct(largest / total)} of all objects).`,
  ];
}

export function balanceTable(results: readonly ShardResult[]): string[] {
  return [
    '',
    'Rendezvous hashing: balance on K shards, and adding shard K+1',
    '',
    '| K | orgs/shard max÷mean | orgs stddev÷mean | objects/shard max÷mean | objects stddev÷mean | largest org, share of its shard | +1 shard: orgs moved | objects moved | ideal 1/(K+1) |',
    '| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...results.map(
      (r) =>
        `| ${String(r.k)} | ${ratio(r.orgs.maxOverMean)} | ${ratio(r.orgs.cv)} | ${ratio(r.objects.maxOverMean)} | ` +
        `${ratio(r.objects.cv)} | ${pct(r.largestShareOfShard)} | ${pct(r.addShard.orgs)} | ` +
        `${pct(r.addShard.objects)} | ${pct(1 / (r.k + 1))} |`,
    ),
  ];
}

export function boundedTable(results: readonly ShardResult[], epsilon: number): string[] {
  return [
    '',
    `Bounded-load hashing, capacity (1 + ${String(epsilon)}) × mean objects per shard, organizations in creation order`,
    '',
    '| K | objects/shard max÷mean | objects stddev÷mean | orgs not on their first choice | orgs larger than a shard may hold | +1 shard, all re-placed: objects moved |',
    '| ---: | ---: | ---: | ---: | ---: | ---: |',
    ...results.map(
      (r) =>
        `| ${String(r.k)} | ${ratio(r.bounded.objects.maxOverMean)} | ${ratio(r.bounded.objects.cv)} | ` +
        `${pct(r.bounded.displaced)} | ${String(r.bounded.oversized)} | ${pct(r.bounded.addShard.objects)} |`,
    ),
  ];
}

export function moveTable(t: Tenants): string[] {
  const rows: [string, number][] = [
    ['median', quantile(t.sizes, 0.5)],
    ['p99', quantile(t.sizes, 0.99)],
    ['p99.9', quantile(t.sizes, 0.999)],
    ['largest', t.sizes[t.largest] ?? 0],
  ];
  return [
    '',
    `Moving one organization: objects to copy (its size). MiB at an assumed ${String(STORED_KIB_ESTIMATE)} KiB ` +
      `per stored object; copy time at ${int(RAW_ETCD_TXN_PER_SEC)} single-object txns/s (raw etcd3, measured by make bench)`,
    '',
    '| organization | objects to copy | ≈ MiB (estimate) | ≈ copy time, one txn per object (estimate) |',
    '| --- | ---: | ---: | ---: |',
    ...rows.map(
      ([label, n]) =>
        `| ${label} | ${int(n)} | ${((n * STORED_KIB_ESTIMATE) / 1024).toFixed(1)} | ` +
        `${(n / RAW_ETCD_TXN_PER_SEC).toFixed(2)} s |`,
    ),
  ];
}
