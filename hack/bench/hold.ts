/**
 * Figures 8-9 on a data dir (and etcd) the create phases left behind, with the server stopped:
 * seed the organization up to cfg.holdAgents agents, start `orgplane up` on it (time to ready),
 * do one full list as the member, then read the server's anonymous resident memory.
 */
import { join } from 'node:path';
import { openEmbeddedStorage } from '../../apiserver/storage/embedded/index.js';
import { openEtcdStorage } from '../../apiserver/storage/etcd/index.js';
import { apiClient } from './client.js';
import type { Backend, BenchConfig } from './config.js';
import { fullList } from './creates.js';
import { nowMs } from './load.js';
import { rssAnonBytes } from './proc.js';
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
      return {
        agents: cfg.holdAgents,
        seeded,
        seedMs,
        readyMs: server.readyMs,
        listCount: list.count,
        listMs: list.ms,
        rssAnonMiB: rssAnonBytes(server.pid) / 2 ** 20,
      };
    } finally {
      member.close();
    }
  } finally {
    await server.stop();
  }
}
