import { afterEach, describe, expect, it } from '@jest/globals';
import type { KubeObject, WatchEvent } from '../../api/meta.js';
import { INITIAL_EVENTS_END, type ApiClient, type WatchOptions } from './client.js';
import { FakeClient, type Action } from '../testing/fake-client.js';
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

type Mode = 'watch' | 'list';

/** Whether an action is the informer's read of every object: a list, or a streaming list's watch. */
const isInitialRead = (mode: Mode, a: Action): boolean =>
  mode === 'list' ? a.verb === 'list' : a.verb === 'watch' && a.initialEvents === true;

function setup(mode: Mode): {
  api: FakeClient;
  clock: FakeClock;
  inf: Informer<KubeObject>;
  log: string[];
} {
  const api = new FakeClient();
  const clock = new FakeClock();
  const inf = new Informer<KubeObject>({ client: api, resource: AGENTS, clock, initialList: mode });
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

describe.each<Mode>(['watch', 'list'])('Informer, initial list by %s', (mode) => {
  it('lists into a frozen cache, then follows the watch', async () => {
    const { api, inf, log } = setup(mode);
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
    const { api, inf, log } = setup(mode);
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
    const { api, clock, inf, log } = setup(mode);
    let failing = true;
    const lists: number[] = [];
    const t0 = clock.now();
    api.reactors.push((a) => {
      if (!isInitialRead(mode, a)) return;
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
    const { api, clock, inf } = setup(mode);
    let lists = 0;
    api.reactors.push((a) => {
      if (isInitialRead(mode, a)) lists++;
    });
    inf.start();
    await inf.waitForSync();
    await settle();
    if (mode === 'watch') {
      // the streaming list's watch brought events: it is resumed at once, from its bookmark
      api.endWatches(AGENTS);
      await settle();
      expect(api.watchCount(AGENTS)).toBe(1);
      expect(lists).toBe(1);
    }
    api.endWatches(AGENTS);
    await settle();
    expect(api.watchCount(AGENTS)).toBe(0);
    await clock.advance(1000);
    expect(lists).toBe(2);
    expect(api.watchCount(AGENTS)).toBe(1);
  });

  it('relists after a failed watch, with backoff', async () => {
    const { api, clock, inf } = setup(mode);
    let lists = 0;
    api.reactors.push((a) => {
      if (isInitialRead(mode, a)) lists++;
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
    const { api, inf, log } = setup(mode);
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
      initialList: mode,
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

describe('Informer, streaming list', () => {
  it('falls back to paged lists for good when the server refuses sendInitialEvents', async () => {
    const { api, inf, log } = setup('watch');
    const reads: string[] = [];
    api.reactors.push((a) => {
      if (a.verb === 'list' || a.initialEvents === true) reads.push(a.verb);
      if (a.initialEvents === true) throw new ApiStatusError(400, 'sendInitialEvents is not supported');
    });
    api.seed(AGENTS, agent('a'));
    inf.start();
    expect(await inf.waitForSync()).toBe(true);
    await settle();
    expect(log).toEqual(['add a']);
    expect(reads).toEqual(['watch', 'list']);
  });

  it('replaces the cache at the bookmark of the streaming list that follows a 410', async () => {
    const { api, inf, log } = setup('watch');
    api.seed(AGENTS, agent('a'));
    api.seed(AGENTS, agent('b'));
    inf.start();
    await inf.waitForSync();
    await settle();
    let rvAtEnd = '';
    api.reactors.push((a) => {
      if (a.initialEvents === true) rvAtEnd = api.currentResourceVersion();
    });
    api.dropSilently(AGENTS, 'b', 'acme');
    api.sendWatchEvent(AGENTS, {
      type: 'ERROR',
      object: { kind: 'Status', apiVersion: 'v1', metadata: {}, code: 410, reason: 'Expired' },
    });
    api.endWatches(AGENTS);
    await settle();
    expect(log).toEqual(['add a', 'add b', 'delete b']);
    expect(inf.list().map((o) => o.metadata.name)).toEqual(['a']);
    expect(inf.resourceVersion()).toBe(rvAtEnd);
  });

  it('discards a streaming list that ends before its bookmark, and streams again after a backoff', async () => {
    const clock = new FakeClock();
    const calls: WatchOptions[] = [];
    const added = (name: string): WatchEvent<KubeObject> => ({
      type: 'ADDED',
      object: { ...agent(name), metadata: { name, namespace: 'acme', resourceVersion: '5' } },
    });
    const client = {
      watch: (_res, opts, onEvent, onDone) => {
        calls.push(opts);
        if (calls.length === 1) {
          onEvent(added('a'));
          setTimeout(() => {
            onDone(new Error('connection reset'));
          }, 0);
        } else {
          onEvent(added('b'));
          onEvent({
            type: 'BOOKMARK',
            object: {
              apiVersion: '',
              kind: '',
              metadata: { resourceVersion: '7', annotations: { [INITIAL_EVENTS_END]: 'true' } },
            },
          });
        }
        return Promise.resolve({
          stop: () => {
            onDone();
          },
        });
      },
    } as Partial<ApiClient> as ApiClient;
    const inf = new Informer<KubeObject>({ client, resource: AGENTS, clock, initialList: 'watch' });
    const log: string[] = [];
    inf.addHandler({ add: (o) => log.push(`add ${o.metadata.name ?? ''}`) });
    running.push(inf);
    inf.start();
    await new Promise((r) => setTimeout(r, 5));
    await settle();
    expect(inf.hasSynced()).toBe(false);
    expect(inf.list()).toEqual([]);
    await clock.advance(1000);
    expect(calls.map((c) => [c.sendInitialEvents, c.resourceVersion])).toEqual([
      [true, ''],
      [true, ''],
    ]);
    expect(inf.hasSynced()).toBe(true);
    expect(log).toEqual(['add b']);
    expect(inf.resourceVersion()).toBe('7');
  });

  it('never streams in list mode, even after a list without a resourceVersion', async () => {
    const watches: WatchOptions[] = [];
    const client = {
      list: () => Promise.resolve({ items: [], resourceVersion: '' }),
      watch: (_res, opts, _onEvent, onDone) => {
        watches.push(opts);
        return Promise.resolve({
          stop: () => {
            onDone();
          },
        });
      },
    } as Partial<ApiClient> as ApiClient;
    const inf = new Informer<KubeObject>({ client, resource: AGENTS, clock: new FakeClock() });
    running.push(inf);
    inf.start();
    expect(await inf.waitForSync()).toBe(true);
    await settle();
    expect(watches).toHaveLength(1);
    expect(watches[0]?.sendInitialEvents).toBeUndefined();
  });
});
