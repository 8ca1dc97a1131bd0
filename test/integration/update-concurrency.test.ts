/**
 * Optimistic concurrency of PUT: 20 clients read-modify-write one object at once (GET, change,
 * PUT with the resourceVersion read), retrying on 409 Conflict. Each increments a shared counter
 * annotation and sets its own label; no update is lost (the counter equals the number of
 * successful PUTs, every label is there), and the race did happen (some PUTs answered 409).
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { KubeObject } from '../../api/meta.js';
import { startTestServer, type Backend, type TestServer } from '../support/apiserver.js';
import { agent, agentsPath, create, createNamespace } from '../support/api-helpers.js';

const CLIENTS = 20;
const INCREMENTS = 3;
const COUNTER = 'orgplane.test/counter';

describe.each<Backend>(['embedded', 'etcd'])('concurrent read-modify-write on %s', (backend) => {
  let ts: TestServer;

  beforeAll(async () => {
    ts = await startTestServer(backend);
    await createNamespace(ts, 'rmw');
    await create(ts, agentsPath('rmw'), agent('shared', undefined, { annotations: { [COUNTER]: '0' } }));
  }, 60_000);
  afterAll(async () => {
    await ts.stop();
  });

  /** One increment by client i: retried on 409 until it lands; returns how many 409s it took. */
  async function increment(i: number, k: number): Promise<number> {
    for (let conflicts = 0; conflicts < 500; conflicts++) {
      const got = await ts.call('GET', agentsPath('rmw', 'shared'));
      expect(got.status).toBe(200);
      const o = got.json as KubeObject;
      const count = Number(o.metadata.annotations?.[COUNTER] ?? 'NaN');
      const next: KubeObject = {
        ...o,
        metadata: {
          ...o.metadata,
          annotations: { ...o.metadata.annotations, [COUNTER]: String(count + 1) },
          labels: { ...o.metadata.labels, [`client-${String(i)}`]: String(k) },
        },
      };
      const put = await ts.call('PUT', agentsPath('rmw', 'shared'), { body: next });
      if (put.status === 200) return conflicts;
      expect({ status: put.status, reason: (put.json as { reason?: string }).reason }).toEqual({
        status: 409,
        reason: 'Conflict',
      });
    }
    throw new Error(`client ${String(i)} never landed increment ${String(k)}`);
  }

  it('loses no update of 20 clients retrying on 409', async () => {
    const conflicts = await Promise.all(
      Array.from({ length: CLIENTS }, async (_, i) => {
        let n = 0;
        for (let k = 1; k <= INCREMENTS; k++) n += await increment(i, k);
        return n;
      }),
    );
    const final = (await ts.call('GET', agentsPath('rmw', 'shared'))).json as KubeObject;
    expect(final.metadata.annotations?.[COUNTER]).toBe(String(CLIENTS * INCREMENTS));
    for (let i = 0; i < CLIENTS; i++)
      expect(final.metadata.labels?.[`client-${String(i)}`]).toBe(String(INCREMENTS));
    expect(conflicts.reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
  }, 120_000);
});
