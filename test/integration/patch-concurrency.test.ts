/**
 * Patches without a resourceVersion never answer 409 for a lost race: kube re-applies them to the
 * fresh object. 20 clients patch one object at once (merge, json and apply patches, each client on
 * its own label); every patch succeeds and no change is lost. A patch that pins a stale
 * resourceVersion still answers 409.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startTestServer, type Backend, type TestServer } from '../support/apiserver.js';
import type { CallResult } from '../support/apiserver.js';
import { agent, agentsPath, create, createNamespace, obj, V } from '../support/api-helpers.js';

const CLIENTS = 20;
const ROUNDS = 3;

type Kind = 'merge' | 'json' | 'apply';

function patchOf(
  kind: Kind,
  name: string,
  label: string,
  value: string,
): { body: unknown; contentType: string } {
  switch (kind) {
    case 'merge':
      return {
        body: { metadata: { labels: { [label]: value } } },
        contentType: 'application/merge-patch+json',
      };
    case 'json':
      return {
        body: [{ op: 'add', path: `/metadata/labels/${label}`, value }],
        contentType: 'application/json-patch+json',
      };
    case 'apply':
      return {
        body: { apiVersion: V, kind: 'Agent', metadata: { name, labels: { [label]: value } } },
        contentType: 'application/apply-patch+yaml',
      };
  }
}

describe.each<Backend>(['embedded', 'etcd'])('concurrent patches on %s', (backend) => {
  let ts: TestServer;
  const kinds: Kind[] = ['merge', 'json', 'apply'];

  beforeAll(async () => {
    ts = await startTestServer(backend);
    await createNamespace(ts, 'pc');
  }, 60_000);
  afterAll(async () => {
    await ts.stop();
  });

  it('applies every unpinned patch of 20 concurrent clients, losing none', async () => {
    await create(ts, agentsPath('pc'), agent('shared', { model: 'm1' }, { labels: { base: 'yes' } }));
    for (let round = 0; round < ROUNDS; round++) {
      const results: CallResult[] = await Promise.all(
        Array.from({ length: CLIENTS }, (_, i) => {
          const kind = kinds[i % kinds.length] ?? 'merge';
          const label = `client-${String(i)}`;
          const { body, contentType } = patchOf(kind, 'shared', label, `r${String(round)}`);
          return ts.call('PATCH', `${agentsPath('pc', 'shared')}?fieldManager=${label}`, {
            body,
            contentType,
          });
        }),
      );
      const failed = results.filter((r) => r.status !== 200).map((r) => `${String(r.status)} ${r.text}`);
      expect(failed).toEqual([]);
      const live = obj(await ts.call('GET', agentsPath('pc', 'shared')));
      const expected: Record<string, string> = { base: 'yes' };
      for (let i = 0; i < CLIENTS; i++) expected[`client-${String(i)}`] = `r${String(round)}`;
      expect(live.metadata.labels).toEqual(expected);
    }
  }, 60_000);

  it('still answers 409 to a patch that pins a stale resourceVersion', async () => {
    const a = await create(ts, agentsPath('pc'), agent('pinned'));
    const stale = a.metadata.resourceVersion ?? '';
    const first = await ts.call('PATCH', agentsPath('pc', 'pinned'), {
      body: { metadata: { labels: { a: '1' } } },
      contentType: 'application/merge-patch+json',
    });
    expect(first.status).toBe(200);
    const r = await ts.call('PATCH', agentsPath('pc', 'pinned'), {
      body: { metadata: { resourceVersion: stale, labels: { b: '1' } } },
      contentType: 'application/merge-patch+json',
    });
    expect(r.status).toBe(409);
  });
});
