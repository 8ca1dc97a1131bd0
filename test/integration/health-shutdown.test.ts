/**
 * /livez and /readyz with real checks (kube's formats), and graceful shutdown: /readyz turns 503
 * first, requests keep being served during the shutdown delay, watches end cleanly (no ERROR
 * event, the stream just ends), then new connections are refused.
 */
import { describe, expect, it } from '@jest/globals';
import { startTestServer, type CallResult } from '../support/apiserver.js';
import { startEtcd } from '../support/etcd.js';
import { agent, agentsPath, create, createNamespace, eventually, openWatch } from '../support/api-helpers.js';

describe('health endpoints', () => {
  it('answers ok, a verbose list of checks, one check, and 404 for an unknown check', async () => {
    const ts = await startTestServer('embedded');
    try {
      const live = await ts.call('GET', '/livez', { token: null });
      expect([live.status, live.text]).toEqual([200, 'ok']);
      const ready = await ts.call('GET', '/readyz?verbose', { token: null });
      expect(ready.status).toBe(200);
      expect(ready.text).toContain('[+]ping ok');
      expect(ready.text).toContain('[+]storage ok');
      expect(ready.text).toContain('[+]informer-sync ok');
      expect(ready.text).toContain('[+]signing-keys ok');
      expect(ready.text).toContain('[+]shutdown ok');
      expect(ready.text).toMatch(/readyz check passed\n$/);
      const excluded = await ts.call('GET', '/readyz?verbose&exclude=storage', { token: null });
      expect(excluded.text).toContain('[+]storage excluded: ok');
      expect((await ts.call('GET', '/readyz/shutdown', { token: null })).text).toBe('ok');
      expect((await ts.call('GET', '/healthz', { token: null })).status).toBe(200);
      expect((await ts.call('GET', '/livez/nonsense', { token: null })).status).toBe(404);
    } finally {
      await ts.stop();
    }
  }, 60_000);

  it('turns /livez and /readyz red while etcd is down, green again when it returns', async () => {
    const etcd = await startEtcd();
    const ts = await startTestServer('etcd', { etcd });
    const get = (path: string): Promise<CallResult> => ts.call('GET', path, { token: null });
    try {
      expect((await get('/livez/etcd')).status).toBe(200);
      await etcd.kill();
      const ready = await get('/readyz');
      expect(ready.status).toBe(503);
      expect(ready.text).toContain('[-]etcd failed: reason withheld');
      const live = await get('/livez?verbose');
      expect(live.status).toBe(500);
      expect(live.text).toMatch(/\[-\]etcd failed: .+/);
      await etcd.restart();
      await eventually(
        async () => ((await get('/readyz')).status === 200 ? true : undefined),
        'readyz after etcd returned',
        20_000,
      );
    } finally {
      await ts.stop();
      await etcd.stop();
    }
  }, 90_000);
});

describe('graceful shutdown', () => {
  it('turns unready first, keeps serving during the delay, ends watches cleanly, then refuses', async () => {
    const ts = await startTestServer('embedded', { shutdownDelayMs: 1500 });
    await createNamespace(ts, 'gs');
    await create(ts, agentsPath('gs'), agent('before'));
    const watch = await openWatch(ts, `${agentsPath('gs')}?watch=1`);
    expect((await watch.next()).type).toBe('ADDED');

    const stopping = ts.server.stop();
    const ready = await ts.call('GET', '/readyz?verbose', { token: null });
    expect(ready.status).toBe(503);
    expect(ready.text).toContain('[-]shutdown failed: process is shutting down');
    // still serving during the delay, with Connection: close so clients move elsewhere
    const during = await ts.call('POST', agentsPath('gs'), { body: agent('during') });
    expect(during.status).toBe(201);
    expect(during.headers.connection).toBe('close');
    expect((await watch.next()).type).toBe('ADDED');

    const rest = await watch.ended(10_000);
    expect(rest.filter((e) => e.type === 'ERROR')).toEqual([]);
    await stopping;
    await expect(ts.call('GET', '/livez', { token: null })).rejects.toThrow(
      /ECONNREFUSED|socket hang up|ECONNRESET/,
    );
    await ts.stop().catch(() => undefined);
  }, 60_000);
});
