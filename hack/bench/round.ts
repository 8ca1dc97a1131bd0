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
import { rawFill, rawRangeParse, rawTxnCreates, wipeEtcd } from './raw-etcd.js';
import type { BackendRound, RawRound } from './results.js';
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

const step = (what: string): void => {
  console.log(`  ${new Date().toISOString().slice(11, 19)} ${what}`);
};

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
    step(`${backend}: orgplane up on a fresh store`);
    const server = await startProduct({ dataDir, capMs, ...etcdOpt });
    let live: Omit<BackendRound, 'hold'>;
    try {
      const cred = await setUpTenants(server, [ORG, WATCH_FEW, WATCH_MANY], capMs);
      const member = apiClient(cred, cfg.inFlight);
      try {
        step(`${backend}: ${cfg.creates} creates, ${cfg.inFlight} in flight (list at ${cfg.listCount})`);
        const create = await createFigures(member, server.pid, ORG, cfg);
        step(`${backend}: open loop, ${cfg.openLoop.rate} creates/s for ${cfg.openLoop.seconds} s`);
        const openLoop = await openLoopFigures(cred, ORG, cfg);
        step(`${backend}: ${cfg.watchFew.watchers} watchers at ${cfg.watchFew.rate} writes/s`);
        const watchFew = await watchFigures(cred, WATCH_FEW, cfg.watchFew, cfg, 'f');
        step(`${backend}: ${cfg.watchMany.watchers} watchers at ${cfg.watchMany.rate} writes/s`);
        const watchMany = await watchFigures(cred, WATCH_MANY, cfg.watchMany, cfg, 'm');
        live = { freshReadyMs: server.readyMs, create, openLoop, watchFew, watchMany };
      } finally {
        member.close();
      }
    } catch (err) {
      const tail = server.stderrTail();
      if (tail !== '') console.error(`orgplane up (${backend}) stderr, last lines:\n${tail}`);
      throw err;
    } finally {
      await server.stop();
    }
    step(`${backend}: seed to ${cfg.holdAgents} agents, orgplane up again, list, RssAnon`);
    const hold = await holdFigures({ backend, dataDir, etcdServers, org: ORG }, cfg);
    return { ...live, hold };
  } finally {
    await removeDir();
  }
}
