/**
 * `make bench`, HA topology: N `orgplane up` processes sharing one data dir (one CA, admin token and
 * service account issuer) on a 3-member etcd (hack/etcd.sh --members 3); the controllers are
 * leader-elected, so one replica runs them. For each N (default 1 and 2), on a fresh cluster:
 * raw etcd3 txn-creates on the same cluster, then the organization member's creates into one
 * organization with a quota, 64 in flight spread over the servers in turn (audit on), with the
 * CPU per create of every replica together; the same with each server taking the creates of its own
 * organization (the routing docs/scaling.md suggests); then watchers spread over the servers while
 * creates are offered at a fixed rate. Medians of --rounds; writes bench-ha.json. Needs `make build`.
 *   npx tsx hack/bench-ha.ts [--servers 1,2] [--rounds 3] [--creates 5000] [--out bench-ha.json]
 */
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Etcd3 } from 'etcd3';
import { startEtcd } from '../test/support/etcd.js';
import { register, runAll } from './bench/cleanup.js';
import { apiClient, type Credentials } from './bench/client.js';
import { createOp } from './bench/creates.js';
import { closedLoop, inTurn } from './bench/load.js';
import { cpuMs, settle } from './bench/proc.js';
import { rawTxnCreates } from './bench/raw-etcd.js';
import { startProduct, type ProductServer } from './bench/server.js';
import { median, percentile } from './bench/stats.js';
import { API, setUpTenants } from './bench/tenant.js';
import { watchFigures } from './bench/watch.js';

const flag = (name: string): string | undefined => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : undefined;
};
const servers = (flag('servers') ?? '1,2').split(',').map(Number);
const rounds = Number(flag('rounds') ?? 3);
const creates = Number(flag('creates') ?? 5000);
const out = flag('out') ?? 'bench-ha.json';
const IN_FLIGHT = 64;
const WATCH = { watchers: 100, rate: 100, seconds: 10 };
const CAP_MS = 180_000;
const ORG = 'ha';
const ETCD_SH = fileURLToPath(new URL('etcd.sh', import.meta.url));

interface Sample {
  readonly rawPerSec: number;
  readonly perSec: number;
  readonly ratio: number;
  readonly cpuMsPerCreate: number;
  readonly createP99Ms: number;
  /** creates/s when each server takes the creates of its own organization (as many as servers) */
  readonly ownOrgPerSec: number;
  readonly listMs: number;
  readonly watchDeliveredPct: number;
  readonly watchP99Ms: number;
}

async function rawRate(endpoints: readonly string[]): Promise<number> {
  const etcd = new Etcd3({ hosts: [...endpoints] });
  try {
    const r = await rawTxnCreates(etcd, '/raw/', creates, IN_FLIGHT, CAP_MS);
    await etcd.delete().all();
    return (r.done / r.elapsedMs) * 1000;
  } finally {
    etcd.close();
  }
}

/** Until every server has finished the work the phase left it (the controllers' backlog). */
async function settleAll(pids: readonly number[]): Promise<void> {
  for (const pid of pids) await settle(pid, CAP_MS);
}

async function one(n: number, round: number): Promise<Sample> {
  const etcd = await startEtcd({ members: 3, fsync: true });
  const stopEtcd = register({
    run: () => etcd.stop().catch(() => undefined),
    runSync: () => {
      execFileSync(ETCD_SH, ['stop', '--dir', etcd.dir], { stdio: 'ignore' });
    },
  });
  const dataDir = await mkdtemp(join(tmpdir(), 'orgplane-bench-ha-'));
  const up: ProductServer[] = [];
  try {
    const rawPerSec = await rawRate(etcd.endpoints);
    for (let i = 0; i < n; i++)
      up.push(
        await startProduct({
          dataDir,
          etcdServers: etcd.endpoints,
          capMs: CAP_MS,
          extraArgs: ['--service-account-issuer', 'https://orgplane.bench-ha'],
        }),
      );
    const [first] = up;
    if (!first) throw new Error('no server started');
    const own = up.map((_, i) => `${ORG}-${i}`);
    const member = await setUpTenants(first, [ORG, ...own], CAP_MS);
    const creds: Credentials[] = up.map((s) => ({ ...member, url: s.url }));
    const clients = creds.map((c) => apiClient(c, Math.ceil(IN_FLIGHT / n)));
    try {
      // every socket open first: TLS handshakes are not part of a create's cost
      await Promise.all(
        clients.flatMap((c) =>
          Array.from({ length: Math.ceil(IN_FLIGHT / n) }, () =>
            c.call('GET', `${API}/namespaces/${ORG}/agents?limit=1`),
          ),
        ),
      );
      const pids = up.map((s) => s.pid);
      const cpu = (): number => pids.reduce((sum, pid) => sum + cpuMs(pid), 0);
      const cpu0 = cpu();
      const r = await closedLoop(
        0,
        creates,
        IN_FLIGHT,
        CAP_MS,
        inTurn(clients.map((c) => createOp(c, ORG, 'c'))),
      );
      // until the leading controllers have reconciled every agent: they fall behind a burst
      await settleAll(pids);
      const cpuMsPerCreate = (cpu() - cpu0) / Math.max(1, r.done);
      if (r.failed > 0) throw new Error(`${r.failed} creates failed: ${r.firstFailure ?? ''}`);
      const byOrg = await closedLoop(
        0,
        creates,
        IN_FLIGHT,
        CAP_MS,
        inTurn(clients.map((c, i) => createOp(c, own[i] ?? ORG, 'o'))),
      );
      if (byOrg.failed > 0) throw new Error(`${byOrg.failed} creates failed: ${byOrg.firstFailure ?? ''}`);
      await settleAll(pids);
      const t0 = performance.now();
      const list = await clients[n - 1]?.call('GET', `${API}/namespaces/${ORG}/agents`);
      const listMs = performance.now() - t0;
      if (list?.status !== 200) throw new Error(`list answered ${list?.status ?? 'nothing'}`);
      const w = await watchFigures(
        creds,
        ORG,
        WATCH,
        { deliverySeconds: 15, stepCapSeconds: 60 },
        `r${round}`,
      );
      const perSec = (r.done / r.elapsedMs) * 1000;
      return {
        rawPerSec,
        perSec,
        ratio: perSec / rawPerSec,
        cpuMsPerCreate,
        createP99Ms: percentile(r.latencies, 99),
        ownOrgPerSec: (byOrg.done / byOrg.elapsedMs) * 1000,
        listMs,
        watchDeliveredPct: w.deliveredPct,
        watchP99Ms: w.p99Ms,
      };
    } finally {
      for (const c of clients) c.close();
    }
  } finally {
    for (const s of up.reverse()) await s.stop();
    await stopEtcd();
    await rm(dataDir, { recursive: true, force: true });
  }
}

function medianOf(samples: readonly Sample[]): Sample {
  const m = (k: keyof Sample): number => median(samples.map((s) => s[k]));
  return {
    rawPerSec: m('rawPerSec'),
    perSec: m('perSec'),
    ratio: m('ratio'),
    cpuMsPerCreate: m('cpuMsPerCreate'),
    createP99Ms: m('createP99Ms'),
    ownOrgPerSec: m('ownOrgPerSec'),
    listMs: m('listMs'),
    watchDeliveredPct: m('watchDeliveredPct'),
    watchP99Ms: m('watchP99Ms'),
  };
}

async function main(): Promise<void> {
  const results: Record<string, { rounds: Sample[]; median: Sample }> = {};
  for (const n of servers) {
    const samples: Sample[] = [];
    for (let round = 1; round <= rounds; round++) {
      process.stdout.write(`HA: ${n} server(s) on a 3-member etcd, round ${round} of ${rounds}\n`);
      samples.push(await one(n, round));
    }
    results[String(n)] = { rounds: samples, median: medianOf(samples) };
  }
  const f = (x: number, d = 0): string => x.toFixed(d).padStart(8);
  process.stdout.write(
    `\nHA topology, medians of ${rounds} rounds (${creates} creates, ${IN_FLIGHT} in flight; ` +
      `${WATCH.watchers} watchers at ${WATCH.rate} writes/s):\n` +
      `servers  raw/s  creates/s  ratio  CPU ms/create  create p99 ms  own orgs/s  list ms  watch %  watch p99 ms\n`,
  );
  for (const [n, { median: s }] of Object.entries(results))
    process.stdout.write(
      `${n.padStart(7)}${f(s.rawPerSec)}${f(s.perSec)}  ${s.ratio.toFixed(3)}${f(s.cpuMsPerCreate, 2)}` +
        `${f(s.createP99Ms)}${f(s.ownOrgPerSec)}${f(s.listMs)}${f(s.watchDeliveredPct, 1)}${f(s.watchP99Ms)}\n`,
    );
  const machine = { cores: cpus().length, node: process.version };
  await writeFile(
    out,
    `${JSON.stringify({ date: new Date().toISOString(), machine, creates, inFlight: IN_FLIGHT, watch: WATCH, results }, null, 2)}\n`,
  );
}

try {
  await main();
} finally {
  await runAll();
}
