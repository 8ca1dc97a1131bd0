import { afterEach, describe, expect, it } from '@jest/globals';
import type { KubeObject } from '../../api/meta.js';
import { silentLogger } from '../observability/logger.js';
import { expired } from '../storage/errors.js';
import type { RecordEvent, RecordWatch, StoredRecord } from '../registry/internal.js';
import type { KeyValue, ListOptions, WatchEvent } from '../storage/interface.js';
import { rbacAuthorizer } from './rbac.js';
import { RbacIndex } from './rbac-index.js';
import { syncRbacIndex, type RbacSync } from './rbac-sync.js';
import { RuleResolver } from './rule-resolver.js';
import { clusterRole, rbacKey, request, roleBinding, subject, user } from './testdata.js';

/** Just enough of the registry's reads for the sync loop: list with paging, and watches the test feeds by hand. */
class FakeStorage {
  readonly data = new Map<string, KeyValue>();
  revision = 1;
  lists = 0;
  private watchers: { push: (ev: WatchEvent) => void; fail: (err: Error) => void }[] = [];

  write(obj: KubeObject): WatchEvent {
    const key = rbacKey(obj);
    const kv: KeyValue = {
      key,
      value: JSON.stringify(obj),
      createRevision: ++this.revision,
      modRevision: this.revision,
      version: 1,
      lease: 0,
    };
    this.data.set(key, kv);
    return { type: 'create', key, revision: this.revision, kv };
  }

  erase(obj: KubeObject): WatchEvent {
    const key = rbacKey(obj);
    const kv = this.data.get(key);
    if (!kv) throw new Error(`no ${key}`);
    this.data.delete(key);
    return { type: 'delete', key, revision: ++this.revision, kv };
  }

  list(
    prefix: string,
    opts: ListOptions = {},
  ): Promise<{ items: StoredRecord[]; revision: number; more: boolean }> {
    this.lists++;
    const keys = [...this.data.keys()]
      .filter((k) => k.startsWith(prefix) && (!opts.continueAfter || k > opts.continueAfter))
      .sort();
    const limit = opts.limit ?? 0;
    const page = limit > 0 ? keys.slice(0, limit) : keys;
    const items = page
      .map((k) => this.data.get(k))
      .filter((kv): kv is KeyValue => kv !== undefined)
      .map((kv) => ({ key: kv.key, value: kv.value, revision: kv.modRevision }));
    return Promise.resolve({ items, revision: this.revision, more: page.length < keys.length });
  }

  watch(): RecordWatch {
    const queue: WatchEvent[] = [];
    let wake: (() => void) | undefined;
    let failure: Error | undefined;
    let stopped = false;
    const entry = {
      push: (ev: WatchEvent) => {
        queue.push(ev);
        wake?.();
      },
      fail: (err: Error) => {
        failure = err;
        wake?.();
      },
    };
    this.watchers.push(entry);
    return {
      stop: () => {
        stopped = true;
        wake?.();
      },
      async *[Symbol.asyncIterator]() {
        for (;;) {
          while (queue.length > 0) {
            const ev = queue.shift();
            if (ev) yield recordEvent(ev);
          }
          if (failure) throw failure;
          if (stopped) return;
          await new Promise<void>((r) => (wake = r));
        }
      },
    };
  }

  emit(ev: WatchEvent): void {
    for (const w of this.watchers) w.push(ev);
  }

  breakWatches(err: Error): void {
    for (const w of this.watchers.splice(0)) w.fail(err);
  }
}

function recordEvent(ev: WatchEvent): RecordEvent {
  const record = { key: ev.kv.key, value: ev.kv.value, revision: ev.kv.modRevision };
  return { type: ev.type === 'delete' ? 'delete' : 'put', key: ev.key, record, revision: ev.revision };
}

const reader = clusterRole('reader', [
  { apiGroups: ['orgplane.io'], resources: ['agents'], verbs: ['list'] },
]);
const binding = roleBinding('acme', 'alice', { kind: 'ClusterRole', name: 'reader' }, [
  subject('User', 'alice'),
]);
const listAgents = request(user('alice'), 'list', { group: 'orgplane.io', resource: 'agents' }, 'acme');

describe('syncRbacIndex', () => {
  let sync: RbacSync | undefined;
  afterEach(() => {
    sync?.stop();
  });

  function start(storage: FakeStorage, pageSize?: number): { index: RbacIndex; decide: () => string } {
    const index = new RbacIndex();
    const authz = rbacAuthorizer(new RuleResolver(index));
    sync = syncRbacIndex(storage, index, {
      logger: silentLogger(),
      retryDelayMs: 5,
      ...(pageSize ? { pageSize } : {}),
    });
    return { index, decide: () => authz.authorize(listAgents).decision };
  }

  it('lists everything (paged) before it is ready', async () => {
    const storage = new FakeStorage();
    storage.write(reader);
    storage.write(binding);
    storage.write(clusterRole('other', []));
    const { index, decide } = start(storage, 1);
    await sync?.ready;
    expect(index.revision).toBe(storage.revision);
    expect(index.clusterRole('other')).toBeDefined();
    expect(decide()).toBe('allow');
  });

  it('applies watch events: a binding added takes effect, removed stops', async () => {
    const storage = new FakeStorage();
    storage.write(reader);
    const { decide } = start(storage);
    await sync?.ready;
    expect(decide()).toBe('noOpinion');
    const added = storage.write(binding);
    storage.emit(added);
    await sync?.waitFor(added.revision);
    expect(decide()).toBe('allow');
    const removed = storage.erase(binding);
    storage.emit(removed);
    await sync?.waitFor(removed.revision);
    expect(decide()).toBe('noOpinion');
  });

  it('a role changed under a binding takes effect', async () => {
    const storage = new FakeStorage();
    storage.write(binding);
    const { decide } = start(storage);
    await sync?.ready;
    expect(decide()).toBe('noOpinion');
    const ev = storage.write(reader);
    storage.emit(ev);
    await sync?.waitFor(ev.revision);
    expect(decide()).toBe('allow');
  });

  it('relists when the watch expires, dropping what vanished meanwhile', async () => {
    const storage = new FakeStorage();
    storage.write(reader);
    storage.write(binding);
    const { index, decide } = start(storage);
    await sync?.ready;
    expect(decide()).toBe('allow');
    storage.erase(binding); // missed: no event reaches the index
    const added = storage.write(clusterRole('new', []));
    storage.breakWatches(expired('/registry/rbac.authorization.k8s.io/', 'compacted'));
    await sync?.waitFor(added.revision);
    expect(storage.lists).toBeGreaterThanOrEqual(2);
    expect(index.clusterRole('new')).toBeDefined();
    expect(decide()).toBe('noOpinion');
  });

  it('stop() releases waiters', async () => {
    const storage = new FakeStorage();
    start(storage);
    await sync?.ready;
    const pending = sync?.waitFor(1_000_000);
    sync?.stop();
    await expect(pending).resolves.toBeUndefined();
  });
});
