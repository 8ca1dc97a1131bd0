/**
 * etcd faults under load on the HA topology (3-member etcd, two API servers, four writers):
 *  - one member killed and restarted: writes continue; no acknowledged write lost;
 *  - the raft leader killed: writes resume within the election time; none acknowledged lost;
 *  - every member stopped for 10 s: each request fails fast (503/504, never a hang or another
 *    code), /readyz turns 503; within 5 s of etcd's return /readyz is 200 and writes succeed on
 *    both servers; no acknowledged write lost.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { agent, agentsPath } from '../support/api-helpers.js';
import { until } from '../support/controllers-process.js';
import { startEtcd, type EtcdServer } from '../support/etcd.js';
import { startApiServerPair, type ApiServerProcess } from '../support/ha.js';
import { createWithFailover, storedAgents } from '../support/ha-load.js';

const WRITERS = 4;
/** an answer slower than this during the outage counts as a hang */
const FAIL_FAST_MS = 5_000;

interface Ack {
  readonly name: string;
  readonly at: number;
}

describe('HA topology: etcd faults', () => {
  let etcd: EtcdServer;
  let dir: string;
  let servers: ApiServerProcess[] = [];
  const live = (): readonly ApiServerProcess[] => servers;

  /** WRITERS writers creating Agents in `ns` with failover until stop(); every ack with its time. */
  const steadyWrites = (ns: string) => {
    const acks: Ack[] = [];
    const state = { stopped: false };
    let next = 0;
    const writer = async (): Promise<void> => {
      while (!state.stopped) {
        const name = `${ns}-${String(next++)}`;
        if (await createWithFailover(live, ns, name)) acks.push({ name, at: Date.now() });
        else throw new Error(`create ${name} never succeeded`);
      }
    };
    const done = Promise.all(Array.from({ length: WRITERS }, writer));
    return {
      acks,
      /** resolves once `n` more writes were acknowledged */
      more: (n: number) => {
        const target = acks.length + n;
        return until(
          `${String(n)} more writes`,
          () => Promise.resolve(acks.length >= target ? true : undefined),
          60_000,
        );
      },
      stop: async () => {
        state.stopped = true;
        await done;
      },
    };
  };
  const expectAllStored = async (ns: string, acks: readonly Ack[]): Promise<void> => {
    const stored = await storedAgents(live, ns);
    expect(acks.map((a) => a.name).filter((n) => !stored.has(n))).toEqual([]);
  };
  const longestGap = (acks: readonly Ack[], from: number): number => {
    const times = acks.map((a) => a.at).filter((t) => t >= from);
    return times.reduce((max, t, i) => Math.max(max, t - (i === 0 ? from : (times[i - 1] ?? t))), 0);
  };

  beforeAll(async () => {
    etcd = await startEtcd({ members: 3 });
    dir = await mkdtemp(join(tmpdir(), 'orgplane-ha-etcd-'));
    servers = await startApiServerPair(dir, etcd.endpoints, ['member', 'leader', 'outage']);
  }, 120_000);

  afterAll(async () => {
    for (const s of servers) await s.kill('SIGTERM');
    await etcd.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('keeps writing through an etcd member killed and restarted, losing no acknowledged write', async () => {
    const load = steadyWrites('member');
    await load.more(30);
    const follower = ((await etcd.leader()) % 3) + 1;
    await etcd.kill(follower);
    await load.more(60);
    await etcd.restart(follower);
    await load.more(30);
    await load.stop();
    await expectAllStored('member', load.acks);
  }, 120_000);

  it('writes resume within the election time when the etcd leader is killed, and none is lost', async () => {
    const load = steadyWrites('leader');
    await load.more(30);
    const leader = await etcd.leader();
    const killedAt = Date.now();
    await etcd.kill(leader);
    try {
      await load.more(60);
      const gap = longestGap(load.acks, killedAt);
      const successor = await etcd.leader();
      process.stdout.write(
        `etcd leader m${String(leader)} killed: m${String(successor)} leads; longest write gap ${String(gap)} ms\n`,
      );
      expect(successor).not.toBe(leader);
      expect(gap).toBeLessThan(5_000);
    } finally {
      // the next test needs every member back and no writer left over
      await etcd.restart(leader);
      await load.stop();
    }
    await expectAllStored('leader', load.acks);
  }, 120_000);

  it('all of etcd stopped for 10 s: fast 503/504, recovery within 5 s of its return, nothing lost', async () => {
    const acks: Ack[] = [];
    const answers: {
      status: number | 'hang' | 'no connection';
      retryAfter?: unknown;
      ms: number;
      at: number;
    }[] = [];
    const state = { stopped: false };
    let next = 0;
    const writer = async (w: number): Promise<void> => {
      while (!state.stopped) {
        const name = `outage-${String(next++)}`;
        const s = servers[w % servers.length];
        if (!s) return;
        const t0 = Date.now();
        let timer: NodeJS.Timeout | undefined;
        const r = await Promise.race([
          s.call('POST', agentsPath('outage'), { body: agent(name) }).catch(() => 'no connection' as const),
          new Promise<'hang'>(
            (resolve) =>
              (timer = setTimeout(() => {
                resolve('hang');
              }, 20_000)),
          ),
        ]);
        clearTimeout(timer);
        const status = typeof r === 'string' ? r : r.status;
        answers.push({
          status,
          ...(typeof r === 'string' ? {} : { retryAfter: r.headers['retry-after'] }),
          ms: Date.now() - t0,
          at: t0,
        });
        if (status === 201) acks.push({ name, at: Date.now() });
        else await new Promise((resolve) => setTimeout(resolve, 50));
      }
    };
    const writers = Promise.all(Array.from({ length: WRITERS }, (_, w) => writer(w)));
    await until(
      'writes before the outage',
      () => Promise.resolve(acks.length >= 30 ? true : undefined),
      30_000,
    );
    await etcd.killAll();
    const downAt = Date.now();
    for (const s of servers)
      await until(
        '/readyz 503',
        async () => ((await s.call('GET', '/readyz')).status === 503 ? true : undefined),
        10_000,
      );
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, downAt + 10_000 - Date.now())));
    await etcd.restartAll();
    const upAt = Date.now();
    for (const s of servers) {
      await until(
        '/readyz 200',
        async () => ((await s.call('GET', '/readyz')).status === 200 ? true : undefined),
        30_000,
      );
      await until(
        'a write through each server',
        async () =>
          (await s.call('POST', agentsPath('outage'), { body: agent(`probe-${s.url.slice(-5)}`) })).status ===
          201
            ? true
            : undefined,
        30_000,
      );
    }
    const recoveredMs = Date.now() - upAt;
    const before = acks.length;
    await until(
      'writes after the outage',
      () => Promise.resolve(acks.length >= before + 30 ? true : undefined),
      30_000,
    );
    state.stopped = true;
    await writers;

    const during = answers.filter((a) => a.at > downAt + 100 && a.at + a.ms < upAt);
    const codes = [...new Set(during.map((a) => a.status))].sort();
    const slowest = Math.max(...during.map((a) => a.ms));
    process.stdout.write(
      `etcd outage: ${String(during.length)} requests during it, codes ${JSON.stringify(codes)}, slowest ${String(slowest)} ms; ready and writing ${String(recoveredMs)} ms after etcd returned\n`,
    );
    expect(during.length).toBeGreaterThan(0);
    expect(during.filter((a) => a.status !== 503 && a.status !== 504)).toEqual([]);
    expect(during.filter((a) => a.retryAfter === undefined)).toEqual([]);
    expect(slowest).toBeLessThan(FAIL_FAST_MS);
    expect(answers.filter((a) => a.status === 'hang' || a.status === 'no connection')).toEqual([]);
    expect(recoveredMs).toBeLessThan(5_000);
    await expectAllStored('outage', acks);
  }, 180_000);
});
