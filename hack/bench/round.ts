/**
 * One round: the raw etcd3 baseline, then for each backend a fresh `orgplane up` (fresh data dir,
 * emptied etcd) measured for figures 1-7, stopped, seeded and started again for figures 8-9.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Etcd3 } from 'etcd3';
import { register } from './cleanup.js';
import { apiClient } from './client.js';
import type { Backend, BenchConfig } from './config.js';
import { createFigures, openLoopFigures } from './creates.js';
import { holdFigures } from './hold.js';
import { settle } from './proc.js';
import { rawFill, rawRangeParse, rawTxnCreates, wipeEtcd } from './raw-etcd.js';
import type { BackendRound, Failed, RawRound } from './results.js';
import { startProduct } from './server.js';
import { percentile } from './stats.js';
import { setUpTenants } from './tenant.js';
import { watchFigures } from './watch.js';

const ORG = 'bench';
const WATCH_FEW = 'bench-watch-few';
const WATCH_MANY = 'bench-watch-many';

export async function rawRound(etcd: Etcd3, cfg: BenchConfig, round: number): Promise<RawRound> {
  await wipeEtcd(etcd);
  const c = await rawTxnCreates(
    etcd,
    `/raw/${round}/create/`,
    cfg.creates,
    cfg.inFlight,
    cfg.createCapSeconds * 1000,
  );
  await rawFill(etcd, `/raw/${round}/list/`, cfg.listCount);
  const rangeParseMs = await rawRangeParse(etcd, `/raw/${round}/list/`, cfg.listCount);
  await wipeEtcd(etcd);
  return {
    createsPerSec: ((c.done - c.failed) / c.elapsedMs) * 1000,
    createP99Ms: percentile(c.latencies, 99),
    creates: c.done - c.failed,
    capped: c.capped,
    rangeParseMs,
    rangeCount: cfg.listCount,
  };
}

/** Lets the server finish what the phase before left it (the controllers' backlog), logging how long. */
async function quiet(pid: number, capMs: number): Promise<void> {
  const s = await settle(pid, capMs);
  console.log(`    the server settled in ${(s.ms / 1000).toFixed(1)} s${s.capped ? ' (cap)' : ''}`);
}

/** Runs one phase, logging it; a failure is recorded as the phase's result, not thrown. */
async function phase<T>(what: string, fn: () => Promise<T>): Promise<T | Failed> {
  console.log(`  ${new Date().toISOString().slice(11, 19)} ${what}`);
  try {
    return await fn();
  } catch (err) {
    const error = err instanceof Error ? err.message : String(err);
    console.error(`  failed: ${error}`);
    return { error };
  }
}

export async function backendRound(
  backend: Backend,
  etcd: Etcd3,
  etcdServers: readonly string[],
  cfg: BenchConfig,
): Promise<BackendRound> {
  if (backend === 'etcd') await wipeEtcd(etcd);
  const dataDir = await mkdtemp(join(tmpdir(), `orgplane-bench-${backend}-`));
  const removeDir = register({
    run: () => rm(dataDir, { recursive: true, force: true }),
    runSync: () => {
      rmSync(dataDir, { recursive: true, force: true });
    },
  });
  const capMs = cfg.stepCapSeconds * 1000;
  const etcdOpt = backend === 'etcd' ? { etcdServers } : {};
  try {
    console.log(`  ${backend}: orgplane up on a fresh store`);
    const server = await startProduct({ dataDir, capMs, ...etcdOpt });
    let live: Omit<BackendRound, 'hold'>;
    try {
      const cred = await setUpTenants(server, [ORG, WATCH_FEW, WATCH_MANY], capMs);
      const member = apiClient(cred, cfg.inFlight);
      try {
        const { creates, inFlight, listCount, openLoop: ol, watchFew: wf, watchMany: wm } = cfg;
        live = {
          freshReadyMs: server.readyMs,
          create: await phase(
            `${backend}: ${creates} creates, ${inFlight} in flight (list at ${listCount})`,
            () => createFigures(member, server.pid, ORG, cfg),
          ),
          openLoop: await phase(`${backend}: open loop, ${ol.rate} creates/s for ${ol.seconds} s`, () =>
            openLoopFigures(cred, ORG, cfg),
          ),
          watchFew: await phase(`${backend}: ${wf.watchers} watchers at ${wf.rate} writes/s`, async () => {
            await quiet(server.pid, capMs);
            return watchFigures([cred], WATCH_FEW, wf, cfg, 'f');
          }),
          watchMany: await phase(`${backend}: ${wm.watchers} watchers at ${wm.rate} writes/s`, async () => {
            await quiet(server.pid, capMs);
            return watchFigures([cred], WATCH_MANY, wm, cfg, 'm');
          }),
        };
      } finally {
        member.close();
      }
    } finally {
      const tail = server.stderrTail();
      if (tail !== '') console.error(`  orgplane up (${backend}) stderr, last lines:\n${tail}`);
      await server.stop();
    }
    const hold = await phase(
      `${backend}: seed to ${cfg.holdAgents} agents, orgplane up again, list, RssAnon`,
      () => holdFigures({ backend, dataDir, etcdServers, org: ORG }, cfg),
    );
    return { ...live, hold };
  } finally {
    await removeDir();
  }
}
