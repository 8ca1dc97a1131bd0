/**
 * The watch figures alone (figures 6-7 of make bench, for working on fan-out): one `orgplane up`
 * on the embedded store, then per round W watchers of a fresh organization's agents (as the
 * member) while creates are offered at R/s; prints delivered %, write→event p50/p99, the server's
 * CPU milliseconds per expected event (writes × watchers), and the medians over the rounds.
 *   npx tsx hack/bench-watch.ts [--watchers 200] [--rate 300] [--seconds 10] [--rounds 3]
 * BENCH_NODE_ARGS="--cpu-prof --cpu-prof-dir=DIR" profiles the server (see bench/server.ts).
 */
import { rmSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BenchConfig } from './bench/config.js';
import { register, runAll } from './bench/cleanup.js';
import { cpuMs } from './bench/proc.js';
import { startProduct } from './bench/server.js';
import { setUpTenants } from './bench/tenant.js';
import { watchFigures, type WatchFigures } from './bench/watch.js';

function num(name: string, dflt: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const v = i > 0 ? Number(process.argv[i + 1]) : dflt;
  if (!Number.isFinite(v) || v <= 0) throw new Error(`--${name} must be a positive number`);
  return v;
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor((s.length - 1) / 2)] ?? NaN;
};

async function main(): Promise<void> {
  const load = { watchers: num('watchers', 200), rate: num('rate', 300), seconds: num('seconds', 10) };
  const rounds = num('rounds', 3);
  const cfg = { deliverySeconds: 15, stepCapSeconds: 60 } as BenchConfig;
  const dataDir = await mkdtemp(join(tmpdir(), 'orgplane-bench-watch-'));
  register({
    run: () => rm(dataDir, { recursive: true, force: true }),
    runSync: () => {
      rmSync(dataDir, { recursive: true, force: true });
    },
  });
  const server = await startProduct({ dataDir, capMs: 60_000 });
  const orgs = Array.from({ length: rounds }, (_, i) => `bench-watch-${i + 1}`);
  const cred = await setUpTenants(server, orgs, 60_000);
  const out: (WatchFigures & { cpuMsPerEvent: number })[] = [];
  for (const org of orgs) {
    const cpu0 = cpuMs(server.pid);
    const f = await watchFigures([cred], org, load, cfg, org);
    const cpuMsPerEvent = (cpuMs(server.pid) - cpu0) / Math.max(1, f.expected);
    out.push({ ...f, cpuMsPerEvent });
    console.log(
      `${org}: ${f.watchers} watchers, ${f.writes} writes at ${f.offeredPerSec}/s: delivered ` +
        `${f.deliveredPct.toFixed(1)} %, p50 ${f.p50Ms.toFixed(0)} ms, p99 ${f.p99Ms.toFixed(0)} ms, ` +
        `write p99 ${f.writeP99Ms.toFixed(0)} ms, server ${cpuMsPerEvent.toFixed(3)} CPU ms/event, ` +
        `client CPU ${f.clientCpuPct.toFixed(0)} %, ended early ${f.endedEarly}`,
    );
  }
  const m = (k: keyof (typeof out)[number]): number => median(out.map((f) => f[k]));
  console.log(
    `median of ${rounds}: delivered ${m('deliveredPct').toFixed(1)} %, p50 ${m('p50Ms').toFixed(0)} ms, ` +
      `p99 ${m('p99Ms').toFixed(0)} ms, write p99 ${m('writeP99Ms').toFixed(0)} ms, ` +
      `server ${m('cpuMsPerEvent').toFixed(3)} CPU ms/event`,
  );
  const tail = server.stderrTail();
  if (tail !== '') console.error(tail);
}

main()
  .catch((err: unknown) => {
    console.error(err);
    process.exitCode = 1;
  })
  .finally(() => runAll());
