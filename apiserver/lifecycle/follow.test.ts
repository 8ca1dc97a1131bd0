import { describe, expect, it } from '@jest/globals';
import type winston from 'winston';
import type { KubeList, KubeObject } from '../../api/meta.js';
import type { Store } from '../registry/store.js';
import type { ObjectEvent, ObjectWatch } from '../registry/watch.js';
import { follow } from './follow.js';

const obj = (name: string): KubeObject => ({ apiVersion: 'v1', kind: 'Thing', metadata: { name } });

/** A store that fails its first `failures` lists (storage Unavailable), then lists `items` (as text). */
function flakyStore(failures: number, items: KubeObject[], events: ObjectEvent[]) {
  const calls = { list: 0, watchFrom: [] as (string | undefined)[] };
  const store = {
    listRaw: (): Promise<{ list: KubeList; raw: string[] }> => {
      calls.list++;
      if (calls.list <= failures) return Promise.reject(new Error('storage Unavailable'));
      const list = { apiVersion: 'v1', kind: 'List', metadata: { resourceVersion: '42' }, items };
      return Promise.resolve({ list, raw: items.map((o) => JSON.stringify(o)) });
    },
    watch: (req: { resourceVersion?: string }): ObjectWatch => {
      calls.watchFrom.push(req.resourceVersion);
      let stop = (): void => undefined;
      const stopped = new Promise<void>((r) => (stop = r));
      return {
        stop,
        async *[Symbol.asyncIterator]() {
          yield* events;
          await stopped;
        },
      };
    },
  };
  return { store: store as unknown as Store, calls };
}

function capture(): { logger: winston.Logger; warnings: string[] } {
  const warnings: string[] = [];
  const noop = (): void => undefined;
  const logger = { warn: (m: string) => void warnings.push(m), info: noop, debug: noop };
  return { logger: logger as unknown as winston.Logger, warnings };
}

describe('follow', () => {
  it('retries a failing list with a warning until storage answers, then watches from the list', async () => {
    const { store, calls } = flakyStore(2, [obj('a')], [{ type: 'ADDED', object: obj('b') }]);
    const { logger, warnings } = capture();
    const synced: string[][] = [];
    const seen: string[] = [];
    const f = follow(
      store,
      {
        sync: (items) => {
          synced.push([...items].map((o) => o.metadata.name ?? ''));
        },
        event: (ev) => seen.push(`${ev.type} ${ev.object.metadata.name ?? ''}`),
      },
      logger,
      'things',
    );
    await f.ready;
    await new Promise((r) => setTimeout(r, 20));
    f.stop();
    expect(calls.list).toBe(3);
    expect(warnings).toEqual([
      'things: list or watch failed; retrying',
      'things: list or watch failed; retrying',
    ]);
    expect(synced).toEqual([['a']]);
    expect(calls.watchFrom).toEqual(['42']);
    expect(seen).toEqual(['ADDED b']);
  });

  it('relists after a watch ERROR (410 Expired)', async () => {
    const expired = { type: 'ERROR', object: { code: 410 } as unknown as KubeObject } as ObjectEvent;
    const { store, calls } = flakyStore(0, [], [expired]);
    const { logger, warnings } = capture();
    const f = follow(store, { sync: () => undefined, event: () => undefined }, logger, 'things');
    await f.ready;
    for (let i = 0; i < 100 && calls.list < 2; i++) await new Promise((r) => setTimeout(r, 10));
    f.stop();
    expect(calls.list).toBeGreaterThanOrEqual(2);
    expect(warnings[0]).toBe('things: list or watch failed; retrying');
  });
});
