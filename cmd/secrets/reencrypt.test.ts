import { describe, expect, it } from '@jest/globals';
import {
  Conflict,
  Gone,
  describeCounts,
  reencryptAll,
  type SecretRef,
  type SecretsApi,
} from './reencrypt.js';

interface Stored {
  rv: number;
  stale: boolean;
}

/** An in-memory server: a replace at the current rv rewrites a stale Secret and skips a current one. */
function fakeServer(
  secrets: Record<string, Stored>,
  opts: { conflictOnce?: string; deleteOnWrite?: string } = {},
) {
  let rev = 100;
  let conflicted = false;
  const ref = (id: string, s: Stored): SecretRef => {
    const [namespace = '', name = ''] = id.split('/');
    return { namespace, name, resourceVersion: String(s.rv) };
  };
  const api: SecretsApi<SecretRef> = {
    list: (token) => {
      const ids = Object.keys(secrets).sort();
      const start = token === undefined ? 0 : Number(token);
      const page = ids.slice(start, start + 2).map((id) => ref(id, secrets[id] as Stored));
      return Promise.resolve({ items: page, continue: start + 2 < ids.length ? String(start + 2) : '' });
    },
    get: (namespace, name) => {
      const s = secrets[`${namespace}/${name}`];
      return Promise.resolve(s ? ref(`${namespace}/${name}`, s) : undefined);
    },
    replace: (r) => {
      const id = `${r.namespace}/${r.name}`;
      if (id === opts.deleteOnWrite) Reflect.deleteProperty(secrets, id);
      const s = secrets[id];
      if (!s) return Promise.reject(new Gone(id));
      if (id === opts.conflictOnce && !conflicted) {
        conflicted = true;
        s.rv = ++rev; // another writer got there first
        return Promise.reject(new Conflict(id));
      }
      if (String(s.rv) !== r.resourceVersion) return Promise.reject(new Conflict(id));
      if (s.stale) Object.assign(s, { rv: ++rev, stale: false });
      return Promise.resolve(ref(id, s));
    },
  };
  return api;
}

describe('reencryptAll', () => {
  it('rewrites the stale Secrets, counts the current ones, across pages', async () => {
    const secrets = {
      'a/one': { rv: 1, stale: true },
      'a/two': { rv: 2, stale: false },
      'b/three': { rv: 3, stale: true },
      'c/four': { rv: 4, stale: true },
      'c/five': { rv: 5, stale: false },
    };
    const counts = await reencryptAll(fakeServer(secrets));
    expect(counts).toEqual({ rewritten: 3, current: 2, gone: 0 });
    expect(Object.values(secrets).every((s) => !s.stale)).toBe(true);
    expect(await reencryptAll(fakeServer(secrets))).toEqual({ rewritten: 0, current: 5, gone: 0 });
  });

  it('retries a lost race on a fresh read and skips a Secret deleted meanwhile', async () => {
    const secrets = { 'a/raced': { rv: 1, stale: true }, 'a/deleted': { rv: 2, stale: true } };
    const counts = await reencryptAll(
      fakeServer(secrets, { conflictOnce: 'a/raced', deleteOnWrite: 'a/deleted' }),
    );
    expect(counts).toEqual({ rewritten: 1, current: 0, gone: 1 });
    expect(secrets['a/raced'].stale).toBe(false);
  });

  it('prints the counts', () => {
    expect(describeCounts({ rewritten: 3, current: 2, gone: 0 })).toBe(
      'secrets: 3 rewritten, 2 already current',
    );
    expect(describeCounts({ rewritten: 0, current: 0, gone: 1 })).toBe(
      'secrets: 0 rewritten, 0 already current, 1 deleted meanwhile',
    );
  });
});
