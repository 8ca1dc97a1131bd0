import { afterEach, describe, expect, it } from '@jest/globals';
import type { KubeObject } from '../../api/meta.js';
import { FakeClient } from '../testing/fake-client.js';
import { FakeClock } from '../testing/fake-clock.js';
import type { ApiClient } from './client.js';
import { Controller } from './controller.js';
import { NotLeaderError } from './fence.js';
import { LeaderElector, type Lease } from './leader.js';
import { Manager } from './manager.js';
import { AGENTS, LEASES, NAMESPACES } from './resources.js';

/** A client that can be cut off from the API (a partitioned or frozen replica). */
function partitionable(api: ApiClient): { client: ApiClient; down: { value: boolean } } {
  const down = { value: false };
  const guard =
    <A extends unknown[], R>(fn: (...a: A) => Promise<R>) =>
    (...a: A): Promise<R> =>
      down.value ? Promise.reject(new Error('connection refused')) : fn(...a);
  const client: ApiClient = {
    get: guard((r, n, ns) => api.get(r, n, ns)),
    list: guard((r, o) => api.list(r, o)),
    create: guard((r, o) => api.create(r, o)),
    update: guard((r, o, w) => api.update(r, o, w)),
    mergePatch: guard((r, n, ns, p, w) => api.mergePatch(r, n, ns, p, w)),
    delete: guard((r, n, ns, o) => api.delete(r, n, ns, o)),
    watch: guard((r, o, e, d) => api.watch(r, o, e, d)),
  };
  return { client, down };
}

/**
 * A client of a process that can be stopped (SIGSTOP): while paused its requests wait and watch
 * events are held back; resume() lets them through in order.
 */
function pausable(api: ApiClient): { client: ApiClient; pause: () => void; resume: () => void } {
  let gate: Promise<void> | undefined;
  let open = (): void => undefined;
  const held: (() => void)[] = [];
  const wait =
    <A extends unknown[], R>(fn: (...a: A) => Promise<R>) =>
    async (...a: A): Promise<R> => {
      while (gate) await gate;
      return fn(...a);
    };
  const client: ApiClient = {
    get: wait((r, n, ns) => api.get(r, n, ns)),
    list: wait((r, o) => api.list(r, o)),
    create: wait((r, o) => api.create(r, o)),
    update: wait((r, o, w) => api.update(r, o, w)),
    mergePatch: wait((r, n, ns, p, w) => api.mergePatch(r, n, ns, p, w)),
    delete: wait((r, n, ns, o) => api.delete(r, n, ns, o)),
    watch: wait((r, o, onEvent, onDone) =>
      api.watch(
        r,
        o,
        (e) => {
          if (gate)
            held.push(() => {
              onEvent(e);
            });
          else onEvent(e);
        },
        onDone,
      ),
    ),
  };
  return {
    client,
    pause: () => {
      gate = new Promise((resolve) => (open = resolve));
    },
    resume: () => {
      gate = undefined;
      open();
      for (const deliver of held.splice(0)) deliver();
    },
  };
}

const stops: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(stops.splice(0).map((s) => s()));
});

function candidate(
  api: ApiClient,
  clock: FakeClock,
  identity: string,
  leaders: Set<string>,
  log: string[],
): LeaderElector {
  const el = new LeaderElector({
    client: api,
    namespace: 'orgplane-system',
    name: 'orgplane-controllers',
    identity,
    clock,
    onStartedLeading: () => {
      leaders.add(identity);
      log.push(`${identity} leads`);
      expect(leaders.size).toBe(1);
    },
    onStoppedLeading: () => {
      leaders.delete(identity);
      log.push(`${identity} stops`);
    },
  });
  stops.push(() => el.stop());
  return el;
}

describe('LeaderElector', () => {
  it('creates the namespace and Lease, and only one candidate leads', async () => {
    const api = new FakeClient();
    api.requireNamespaces = true;
    const clock = new FakeClock();
    const leaders = new Set<string>();
    const log: string[] = [];
    const a = candidate(api, clock, 'a', leaders, log);
    const b = candidate(api, clock, 'b', leaders, log);
    a.start();
    await clock.advance(10);
    b.start();
    await clock.advance(60_000);
    expect(log).toEqual(['a leads']);
    expect(a.isLeader()).toBe(true);
    expect(b.isLeader()).toBe(false);
    expect(api.peek(NAMESPACES, 'orgplane-system')).toBeDefined();
    const lease = api.peek<Lease>(LEASES, 'orgplane-controllers', 'orgplane-system');
    expect(lease?.spec).toMatchObject({ holderIdentity: 'a', leaseDurationSeconds: 15, leaseTransitions: 0 });
    expect(lease?.spec?.renewTime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
  });

  it('a released lease is taken over at the next retry', async () => {
    const api = new FakeClient();
    const clock = new FakeClock();
    const leaders = new Set<string>();
    const log: string[] = [];
    const a = candidate(api, clock, 'a', leaders, log);
    const b = candidate(api, clock, 'b', leaders, log);
    a.start();
    await clock.advance(10);
    b.start();
    await clock.advance(5000);
    await a.stop();
    expect(
      api.peek<Lease>(LEASES, 'orgplane-controllers', 'orgplane-system')?.spec?.holderIdentity,
    ).toBeUndefined();
    await clock.advance(2500);
    expect(log).toEqual(['a leads', 'a stops', 'b leads']);
    expect(api.peek<Lease>(LEASES, 'orgplane-controllers', 'orgplane-system')?.spec).toMatchObject({
      holderIdentity: 'b',
      leaseTransitions: 1,
    });
  });

  it('a leader cut off stops leading after renewDeadline; the other takes over after leaseDuration', async () => {
    const api = new FakeClient();
    const clock = new FakeClock();
    const leaders = new Set<string>();
    const log: string[] = [];
    const pa = partitionable(api);
    const a = candidate(pa.client, clock, 'a', leaders, log);
    const b = candidate(api, clock, 'b', leaders, log);
    a.start();
    await clock.advance(10);
    b.start();
    await clock.advance(4000);
    pa.down.value = true;
    const cut = clock.now();
    await clock.advance(10_000);
    expect(log).toEqual(['a leads', 'a stops']);
    await clock.advance(4000);
    expect(log).toEqual(['a leads', 'a stops']);
    await clock.advance(4000);
    expect(log).toEqual(['a leads', 'a stops', 'b leads']);
    expect(clock.now() - cut).toBeGreaterThanOrEqual(15_000);
    expect(api.peek<Lease>(LEASES, 'orgplane-controllers', 'orgplane-system')?.spec?.leaseTransitions).toBe(
      1,
    );
  });
});

describe('Manager with leader election', () => {
  function manager(api: FakeClient, clock: FakeClock, identity: string, seen: string[]): Manager {
    const mgr = new Manager({
      client: api,
      clock,
      leaderElection: { namespace: 'orgplane-system', name: 'test', identity },
    });
    const c = new Controller({
      name: 'agents',
      clock,
      reconciler: {
        reconcile: (key) => {
          seen.push(`${identity}:${key}`);
          return Promise.resolve(undefined);
        },
      },
    });
    c.watch(mgr.informer<KubeObject>(AGENTS));
    mgr.add(c);
    stops.push(() => mgr.stop());
    return mgr;
  }

  it('only the leader reconciles; the other takes over after the first stops', async () => {
    const api = new FakeClient();
    const clock = new FakeClock();
    const seen: string[] = [];
    api.seed(AGENTS, {
      apiVersion: 'orgplane.io/v1alpha1',
      kind: 'Agent',
      metadata: { name: 'bot', namespace: 'acme' },
    });
    const one = manager(api, clock, 'one', seen);
    const two = manager(api, clock, 'two', seen);
    one.start();
    await clock.advance(10);
    two.start();
    await clock.advance(3000);
    expect(one.isRunning()).toBe(true);
    expect(two.isRunning()).toBe(false);
    await api.create(AGENTS, {
      apiVersion: 'orgplane.io/v1alpha1',
      kind: 'Agent',
      metadata: { name: 'second', namespace: 'acme' },
    });
    await clock.advance(100);
    expect(seen).toEqual(['one:acme/bot', 'one:acme/second']);
    expect(api.watchCount(AGENTS)).toBe(1);

    await one.stop();
    expect(api.watchCount(AGENTS)).toBe(0);
    await clock.advance(3000);
    expect(two.isRunning()).toBe(true);
    expect(seen.slice(2).sort()).toEqual(['two:acme/bot', 'two:acme/second']);
  });
});

describe('fencing a paused leader', () => {
  /** A manager whose reconciler stamps each Agent with its identity; `wrote` lists its writes that landed. */
  function stamping(api: ApiClient, clock: FakeClock, identity: string) {
    const wrote: string[] = [];
    const refused: string[] = [];
    const mgr = new Manager({
      client: api,
      clock,
      leaderElection: { namespace: 'orgplane-system', name: 'test', identity },
    });
    const c = new Controller({
      name: 'stamp',
      clock,
      reconciler: {
        reconcile: async (key) => {
          const [ns, name] = key.split('/');
          const seen = await mgr.client.get(AGENTS, name ?? '', ns);
          if (seen?.metadata.annotations?.['stamped-by'] === identity) return undefined;
          try {
            await mgr.client.mergePatch(AGENTS, name ?? '', ns, {
              metadata: { annotations: { 'stamped-by': identity } },
            });
            wrote.push(key);
          } catch (err) {
            if (err instanceof NotLeaderError) refused.push(key);
            throw err;
          }
          return undefined;
        },
      },
    });
    c.watch(mgr.informer<KubeObject>(AGENTS));
    mgr.add(c);
    stops.push(() => mgr.stop());
    return { mgr, wrote, refused };
  }

  it('refuses every write the moment it wakes past its lease, then steps down as a follower', async () => {
    const api = new FakeClient();
    const clockA = new FakeClock();
    const clockB = new FakeClock();
    const bot = {
      apiVersion: 'orgplane.io/v1alpha1',
      kind: 'Agent',
      metadata: { name: 'bot', namespace: 'acme' },
    };
    api.seed(AGENTS, bot);
    const frozen = pausable(api);
    const a = stamping(frozen.client, clockA, 'a');
    const b = stamping(api, clockB, 'b');
    a.mgr.start();
    await clockA.advance(10);
    b.mgr.start();
    for (let i = 0; i < 4; i++) {
      await clockA.advance(1000);
      await clockB.advance(1000);
    }
    expect(a.mgr.isRunning()).toBe(true);
    expect(a.wrote).toEqual(['acme/bot']);

    // a is stopped (SIGSTOP): its clock, timers, requests and watch events stand still
    frozen.pause();
    await clockB.advance(20_000);
    expect(b.mgr.isRunning()).toBe(true);
    expect(api.peek<Lease>(LEASES, 'test', 'orgplane-system')?.spec?.holderIdentity).toBe('b');
    expect(api.peek<KubeObject>(AGENTS, 'bot', 'acme')?.metadata.annotations?.['stamped-by']).toBe('b');

    // a resumes (SIGCONT): time has passed, its renew timer has not fired yet, and work arrives
    clockA.jump(20_000);
    await api.create(AGENTS, { ...bot, metadata: { name: 'late', namespace: 'acme' } });
    frozen.resume();
    await clockA.advance(1);
    expect(a.refused).toContain('acme/late');
    expect(a.wrote).toEqual(['acme/bot']);
    await clockA.advance(3000);
    expect(a.mgr.isRunning()).toBe(false);
    await clockB.advance(1000);
    expect(api.peek<KubeObject>(AGENTS, 'late', 'acme')?.metadata.annotations?.['stamped-by']).toBe('b');
    expect(a.wrote).toEqual(['acme/bot']);

    // a stays a follower: b keeps renewing, so a never acquires again
    for (let i = 0; i < 10; i++) {
      await clockA.advance(2000);
      await clockB.advance(2000);
    }
    expect(a.mgr.isRunning()).toBe(false);
    expect(b.mgr.isRunning()).toBe(true);
  });

  it('a leader stopped on purpose lets its in-flight reconcile write before it releases the lease', async () => {
    const api = new FakeClient();
    const clock = new FakeClock();
    api.seed(AGENTS, {
      apiVersion: 'orgplane.io/v1alpha1',
      kind: 'Agent',
      metadata: { name: 'bot', namespace: 'acme' },
    });
    let proceed = (): void => undefined;
    const gate = new Promise<void>((resolve) => (proceed = resolve));
    let entered = false;
    const mgr = new Manager({
      client: api,
      clock,
      leaderElection: { namespace: 'orgplane-system', name: 'test', identity: 'a' },
    });
    const c = new Controller({
      name: 'slow',
      clock,
      reconciler: {
        reconcile: async () => {
          entered = true;
          await gate;
          await mgr.client.mergePatch(AGENTS, 'bot', 'acme', { metadata: { labels: { done: 'yes' } } });
          return undefined;
        },
      },
    });
    c.watch(mgr.informer<KubeObject>(AGENTS));
    mgr.add(c);
    mgr.start();
    await clock.advance(100);
    expect(entered).toBe(true);
    const stopped = mgr.stop();
    await clock.advance(10);
    proceed();
    await stopped;
    expect(api.peek<KubeObject>(AGENTS, 'bot', 'acme')?.metadata.labels?.['done']).toBe('yes');
    expect(api.peek<Lease>(LEASES, 'test', 'orgplane-system')?.spec?.holderIdentity).toBeUndefined();
  });

  it('a leader that was only slow (nobody took over) renews and writes again', async () => {
    const api = new FakeClient();
    const clock = new FakeClock();
    api.seed(AGENTS, {
      apiVersion: 'orgplane.io/v1alpha1',
      kind: 'Agent',
      metadata: { name: 'bot', namespace: 'acme' },
    });
    const a = stamping(api, clock, 'a');
    a.mgr.start();
    await clock.advance(100);
    clock.jump(12_000);
    await expect(
      a.mgr.client.create(AGENTS, {
        apiVersion: 'orgplane.io/v1alpha1',
        kind: 'Agent',
        metadata: { name: 'x', namespace: 'acme' },
      }),
    ).rejects.toBeInstanceOf(NotLeaderError);
    await clock.advance(3000);
    expect(api.peek<Lease>(LEASES, 'test', 'orgplane-system')?.spec?.holderIdentity).toBe('a');
    await clock.advance(3000);
    expect(a.mgr.isRunning()).toBe(true);
    await a.mgr.client.create(AGENTS, {
      apiVersion: 'orgplane.io/v1alpha1',
      kind: 'Agent',
      metadata: { name: 'y', namespace: 'acme' },
    });
  });
});
