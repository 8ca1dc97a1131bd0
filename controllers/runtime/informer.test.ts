import { afterEach, describe, expect, it } from '@jest/globals';
import type { KubeObject } from '../../api/meta.js';
import { FakeClient } from '../testing/fake-client.js';
import { FakeClock, settle } from '../testing/fake-clock.js';
import { ApiStatusError } from './errors.js';
import { Informer } from './informer.js';
import { AGENTS } from './resources.js';

const agent = (name: string, model = 'm'): KubeObject => ({
  apiVersion: 'orgplane.io/v1alpha1',
  kind: 'Agent',
  metadata: { name, namespace: 'acme' },
  spec: { model },
});

const model = (o: KubeObject): string => (o.spec as { model: string }).model;

function setup(): { api: FakeClient; clock: FakeClock; inf: Informer<KubeObject>; log: string[] } {
  const api = new FakeClient();
  const clock = new FakeClock();
  const inf = new Informer<KubeObject>({ client: api, resource: AGENTS, clock });
  const log: string[] = [];
  inf.addHandler({
    add: (o) => log.push(`add ${o.metadata.name ?? ''}`),
    update: (a, b) => log.push(`update ${b.metadata.name ?? ''} ${model(a)}->${model(b)}`),
    delete: (o) => log.push(`delete ${o.metadata.name ?? ''}`),
  });
  running.push(inf);
  return { api, clock, inf, log };
}

const running: Informer<KubeObject>[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((i) => i.stop()));
});

describe('Informer', () => {
  it('lists into a frozen cache, then follows the watch', async () => {
    const { api, inf, log } = setup();
    api.seed(AGENTS, agent('a'));
    inf.start();
    expect(await inf.waitForSync()).toBe(true);
    await settle();
    expect(log).toEqual(['add a']);
    const cached = inf.get('a', 'acme');
    expect(() => {
      (cached as unknown as { spec: { model: string } }).spec.model = 'changed';
    }).toThrow(TypeError);

    await api.create(AGENTS, agent('b'));
    await api.mergePatch(AGENTS, 'a', 'acme', { spec: { model: 'n' } });
    await api.delete(AGENTS, 'b', 'acme');
    await settle();
    expect(log).toEqual(['add a', 'add b', 'update a m->n', 'delete b']);
    expect(inf.list('acme').map((o) => o.metadata.name)).toEqual(['a']);
    expect(inf.list('other')).toEqual([]);
    expect(inf.resourceVersion()).toBe(api.currentResourceVersion());
  });

  it('relists at once after a 410, delivering what changed while it was not watching', async () => {
    const { api, inf, log } = setup();
    api.seed(AGENTS, agent('a'));
    api.seed(AGENTS, agent('b'));
    inf.start();
    await inf.waitForSync();
    await settle();
    const gone = {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      code: 410,
      reason: 'Expired',
      message: 'too old',
    };
    api.dropSilently(AGENTS, 'b', 'acme');
    api.sendWatchEvent(AGENTS, { type: 'ERROR', object: gone });
    api.endWatches(AGENTS);
    await settle();
    expect(log).toEqual(['add a', 'add b', 'delete b']);
    expect(api.watchCount(AGENTS)).toBe(1);
  });

  it('backs off 1 s doubling to 30 s while listing fails, then recovers', async () => {
    const { api, clock, inf, log } = setup();
    let failing = true;
    const lists: number[] = [];
    const t0 = clock.now();
    api.reactors.push((a) => {
      if (a.verb !== 'list') return;
      lists.push(clock.now() - t0);
      if (failing) throw new ApiStatusError(503, 'unavailable');
    });
    api.seed(AGENTS, agent('a'));
    inf.start();
    await clock.advance(65_000);
    expect(lists).toEqual([0, 1000, 3000, 7000, 15_000, 31_000, 61_000]);
    expect(inf.hasSynced()).toBe(false);
    failing = false;
    await clock.advance(30_000);
    expect(inf.hasSynced()).toBe(true);
    expect(log).toEqual(['add a']);
  });

  it('treats a watch that ends at once with no event as a failure (no hot loop)', async () => {
    const { api, clock, inf } = setup();
    let lists = 0;
    api.reactors.push((a) => {
      if (a.verb === 'list') lists++;
    });
    inf.start();
    await inf.waitForSync();
    await settle();
    api.endWatches(AGENTS);
    await settle();
    expect(api.watchCount(AGENTS)).toBe(0);
    await clock.advance(1000);
    expect(lists).toBe(2);
    expect(api.watchCount(AGENTS)).toBe(1);
  });

  it('relists after a failed watch, with backoff', async () => {
    const { api, clock, inf } = setup();
    let lists = 0;
    api.reactors.push((a) => {
      if (a.verb === 'list') lists++;
    });
    inf.start();
    await inf.waitForSync();
    await settle();
    api.endWatches(AGENTS, new Error('connection reset'));
    await clock.advance(999);
    expect(lists).toBe(1);
    await clock.advance(1);
    expect(lists).toBe(2);
    expect(api.watchCount(AGENTS)).toBe(1);
  });

  it('stops watching on stop() and starts afresh on restart', async () => {
    const { api, inf, log } = setup();
    api.seed(AGENTS, agent('a'));
    inf.start();
    await inf.waitForSync();
    await settle();
    await inf.stop();
    expect(api.watchCount(AGENTS)).toBe(0);
    inf.start();
    await inf.waitForSync();
    await settle();
    expect(log).toEqual(['add a', 'add a']);
  });

  it('caches and delivers what its transform keeps, from the list and from the watch', async () => {
    const api = new FakeClient();
    const seen: unknown[] = [];
    const inf = new Informer<KubeObject>({
      client: api,
      resource: AGENTS,
      clock: new FakeClock(),
      transform: (o) => ({ apiVersion: o.apiVersion, kind: o.kind, metadata: o.metadata, spec: {} }),
    });
    inf.addHandler({ add: (o) => seen.push(o.spec), update: (_, o) => seen.push(o.spec) });
    running.push(inf);
    api.seed(AGENTS, agent('a', 'secret-model'));
    inf.start();
    await inf.waitForSync();
    await settle();
    await api.create(AGENTS, agent('b', 'secret-model'));
    await api.mergePatch(AGENTS, 'a', 'acme', { spec: { model: 'other-secret' } });
    await settle();
    expect(seen).toEqual([{}, {}, {}]);
    expect(inf.list().map((o) => o.spec)).toEqual([{}, {}]);
    expect(inf.get('a', 'acme')?.metadata.managedFields).toBeUndefined();
  });
});
