/**
 * The namespace finalizer reacts to events, not to a timer: a namespace's deletion finishes well
 * under a second after its last object is gone, whether that is at once (nothing finalizing) or
 * after a finalizer is removed long after the namespace was marked.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startTestServer, type Backend, type TestServer } from '../support/apiserver.js';
import { agent, agentsPath, create, createNamespace, gone, nsPath, obj } from '../support/api-helpers.js';

const MERGE = 'application/merge-patch+json';
/** the old finalizer polled every 500 ms and needed two passes; the event path needs a few writes */
const PROMPT_MS = 400;

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

describe.each<Backend>(['embedded', 'etcd'])('namespace deletion on %s', (backend) => {
  let ts: TestServer;

  beforeAll(async () => {
    ts = await startTestServer(backend);
  }, 60_000);
  afterAll(async () => {
    await ts.stop();
  });

  it('removes a namespace with content promptly after the delete', async () => {
    await createNamespace(ts, 'quick');
    await create(ts, agentsPath('quick'), agent('a1'));
    await create(ts, agentsPath('quick'), agent('a2'));
    const t0 = Date.now();
    expect((await ts.call('DELETE', nsPath('quick'))).status).toBe(200);
    await gone(ts, nsPath('quick'), 2_000);
    expect(Date.now() - t0).toBeLessThan(PROMPT_MS);
    expect((await ts.call('GET', agentsPath('quick', 'a1'))).status).toBe(404);
  });

  it('removes a namespace promptly once its last finalizing object goes, however late', async () => {
    await createNamespace(ts, 'held');
    await create(ts, agentsPath('held'), agent('hold', { model: 'm' }, { finalizers: ['test.io/hold'] }));
    expect((await ts.call('DELETE', nsPath('held'))).status).toBe(200);
    // long enough for any retry backoff to have grown past PROMPT_MS
    await sleep(2_500);
    expect(obj(await ts.call('GET', nsPath('held')))['status']).toMatchObject({ phase: 'Terminating' });
    const t0 = Date.now();
    const r = await ts.call('PATCH', agentsPath('held', 'hold'), {
      body: { metadata: { finalizers: null } },
      contentType: MERGE,
    });
    expect(r.status).toBe(200);
    await gone(ts, nsPath('held'), 2_000);
    expect(Date.now() - t0).toBeLessThan(PROMPT_MS);
  }, 15_000);
});
