/**
 * Figures 8-9 on a data dir (and etcd) the create phases left behind, with the server stopped:
 * seed the organization up to cfg.holdAgents agents, start `orgplane up` on it (time to ready),
 * do one full list as the member, then read the server's anonymous resident memory: right after the
 * list (the startup's peak, while the controllers still relist and reconcile every agent), and the
 * lowest it falls to within QUIET_WINDOW_MS once the server is quiet (what holding the agents costs,
 * once its heap has been collected).
 */
import { join } from 'node:path';
import { openEmbeddedStorage } from '../../apiserver/storage/embedded/index.js';
import { openEtcdStorage } from '../../apiserver/storage/etcd/index.js';
import { apiClient } from './client.js';
import type { Backend, BenchConfig } from './config.js';
import { fullList } from './creates.js';
import { nowMs } from './load.js';
import { rssAnonBytes, settle } from './proc.js';
import { seedAgents } from './seed.js';
import { startProduct } from './server.js';
import { setUpTenants } from './tenant.js';

export interface HoldFigures {
  readonly agents: number;
  readonly seeded: number;
  readonly seedMs: number;
  readonly readyMs: number;
  readonly listCount: number;
  readonly listMs: number;
  readonly rssAnonMiB: number;
  /** the lowest RssAnon sampled each second over QUIET_WINDOW_MS after the server went quiet */
  readonly quietRssAnonMiB: number;
}

const QUIET_WINDOW_MS = 60_000;

async function lowestRssAnonMiB(pid: number, windowMs: number): Promise<number> {
  let low = Infinity;
  for (const end = nowMs() + windowMs; nowMs() < end;) {
    low = Math.min(low, rssAnonBytes(pid) / 2 ** 20);
    await new Promise((r) => setTimeout(r, 1000));
  }
  return low;
}

export interface HoldTarget {
  readonly backend: Backend;
  readonly dataDir: string;
  readonly etcdServers: readonly string[];
  readonly org: string;
}

async function seed(t: HoldTarget, total: number): Promise<number> {
  const storage =
    t.backend === 'etcd'
      ? await openEtcdStorage({ endpoints: t.etcdServers })
      : await openEmbeddedStorage({ path: join(t.dataDir, 'store') });
  try {
    return await seedAgents(storage, t.org, total);
  } finally {
    await storage.close();
  }
}

export async function holdFigures(t: HoldTarget, cfg: BenchConfig): Promise<HoldFigures> {
  const t0 = nowMs();
  const seeded = await seed(t, cfg.holdAgents);
  const seedMs = nowMs() - t0;
  const capMs = cfg.stepCapSeconds * 1000;
  const server = await startProduct({
    dataDir: t.dataDir,
    capMs,
    ...(t.backend === 'etcd' ? { etcdServers: t.etcdServers } : {}),
  });
  try {
    const cred = await setUpTenants(server, [t.org], capMs);
    const member = apiClient(cred, 1);
    try {
      const list = await fullList(member, t.org);
      const rssAnonMiB = rssAnonBytes(server.pid) / 2 ** 20;
      await settle(server.pid, capMs);
      return {
        agents: cfg.holdAgents,
        seeded,
        seedMs,
        readyMs: server.readyMs,
        listCount: list.count,
        listMs: list.ms,
        rssAnonMiB,
        quietRssAnonMiB: await lowestRssAnonMiB(server.pid, QUIET_WINDOW_MS),
      };
    } finally {
      member.close();
    }
  } finally {
    await server.stop();
  }
}
