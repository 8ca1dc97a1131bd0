/**
 * `make bench`, profile: where the CPU of a create goes on the product path. `orgplane up` (API
 * server, controllers, audit; embedded store unless --etcd-servers) runs under node --cpu-prof while
 * the organization member creates --creates agents (default 3,000) into one organization with a
 * quota, 64 in flight; the samples taken from the first create until the controllers have
 * reconciled every agent (the server goes quiet) are charged to the server's layers
 * (hack/bench/profile-buckets.ts) and printed as CPU milliseconds per create. Needs `make build`.
 *   npx tsx hack/bench-profile.ts [--creates N] [--etcd-servers URLS] [--out bench-profile.json]
 *   [--keep-profile FILE]
 */
import { copyFile, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runAll } from './bench/cleanup.js';
import { apiClient } from './bench/client.js';
import { createOp } from './bench/creates.js';
import { closedLoop } from './bench/load.js';
import { breakdown, breakdownRows, type CpuProfile } from './bench/profile-buckets.js';
import { cpuMs, settle } from './bench/proc.js';
import { startProduct } from './bench/server.js';
import { setUpTenants } from './bench/tenant.js';

const flag = (name: string): string | undefined => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : undefined;
};
const creates = Number(flag('creates') ?? 3000);
const etcdServers = flag('etcd-servers')?.split(',');
const out = flag('out') ?? 'bench-profile.json';
/** where to keep the raw .cpuprofile (for Chrome DevTools), if anywhere */
const keep = flag('keep-profile');
const monotonicUs = (): number => Number(process.hrtime.bigint() / 1000n);

async function main(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'orgplane-profile-'));
  const profDir = join(dir, 'prof');
  try {
    const server = await startProduct({
      dataDir: join(dir, 'data'),
      capMs: 120_000,
      nodeArgs: ['--cpu-prof', `--cpu-prof-dir=${profDir}`],
      ...(etcdServers ? { etcdServers } : {}),
    });
    const cred = await setUpTenants(server, ['profile'], 120_000);
    const c = apiClient(cred, 64);
    const cpu0 = cpuMs(server.pid);
    const from = monotonicUs();
    const run = await closedLoop(0, creates, 64, 600_000, createOp(c, 'profile', 'p'));
    // until the controllers have reconciled every agent: they fall behind a burst of creates
    const answered = monotonicUs();
    const settled = await settle(server.pid, 600_000);
    const to = answered + settled.ms * 1000;
    const cpu = settled.cpuMs - cpu0;
    c.close();
    await server.stop();
    const file = (await readdir(profDir)).find((f) => f.endsWith('.cpuprofile'));
    if (file === undefined) throw new Error(`the server wrote no profile into ${profDir}`);
    if (keep !== undefined) await copyFile(join(profDir, file), keep);
    const profile = JSON.parse(await readFile(join(profDir, file), 'utf8')) as CpuProfile;
    const b = breakdown(profile, from, to);
    const rows = breakdownRows(b, cpu / run.done);
    const store = etcdServers ? 'etcd' : 'embedded';
    console.log(
      `CPU per create on the product path (${store}; ${run.done} creates, ${run.failed} failed; ` +
        `${(cpu / run.done).toFixed(2)} ms CPU/create by /proc with the profiler on, until the controllers ` +
        `settled ${(settled.ms / 1000).toFixed(1)} s after the last create was answered; shared out by samples):`,
    );
    const width = Math.max(...rows.map((r) => r[0]?.length ?? 0));
    for (const [layer = '', ms = '', share = ''] of rows)
      console.log(`  ${layer.padEnd(width)}  ${ms.padStart(6)} ms  ${share.padStart(7)}`);
    const layers = Object.fromEntries(rows.map(([layer = '', ms = '']) => [layer, Number(ms)]));
    await writeFile(
      out,
      `${JSON.stringify({ date: new Date().toISOString(), store, creates: run.done, cpuMsPerCreate: cpu / run.done, settleMs: settled.ms, layers }, null, 2)}\n`,
    );
  } finally {
    await runAll();
    await rm(dir, { recursive: true, force: true });
  }
}

await main();
