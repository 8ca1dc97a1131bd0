/**
 * etcd unreachable: reads and writes fail fast with 503 and Retry-After (never hang, never 403 or
 * 500), and the server recovers on its own once etcd returns.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startTestServer, type CallResult, type TestServer } from '../support/apiserver.js';
import { eventually } from '../support/api-helpers.js';
import { startEtcd, type EtcdServer } from '../support/etcd.js';

describe('storage outage', () => {
  let etcd: EtcdServer;
  let ts: TestServer;
  const call = (method: string, path: string, body?: unknown): Promise<CallResult> =>
    ts.call(method, path, body === undefined ? {} : { body });

  beforeAll(async () => {
    etcd = await startEtcd();
    ts = await startTestServer('etcd', { etcd });
  }, 60_000);

  afterAll(async () => {
    await ts.stop();
    await etcd.stop();
  });

  it('answers 503 with Retry-After within seconds while etcd is down, and recovers after', async () => {
    expect((await call('POST', '/api/v1/namespaces', { metadata: { name: 'before' } })).status).toBe(201);
    await etcd.kill();
    const requests: [string, string, unknown?][] = [
      ['GET', '/api/v1/namespaces'],
      ['GET', '/api/v1/namespaces/before'],
      ['POST', '/api/v1/namespaces', { metadata: { name: 'during' } }],
      ['DELETE', '/api/v1/namespaces/before'],
    ];
    for (const [method, path, body] of requests) {
      const started = Date.now();
      const r = await call(method, path, body);
      expect({
        what: `${method} ${path}`,
        status: r.status,
        reason: (r.json as { reason?: string }).reason,
      }).toEqual({
        what: `${method} ${path}`,
        status: 503,
        reason: 'ServiceUnavailable',
      });
      expect(r.headers['retry-after']).toBe('1');
      expect(Date.now() - started).toBeLessThan(5000);
    }
    await etcd.restart();
    await eventually(
      async () => ((await call('GET', '/api/v1/namespaces/before')).status === 200 ? true : undefined),
      'reads after etcd returned',
      20_000,
    );
    expect((await call('POST', '/api/v1/namespaces', { metadata: { name: 'after' } })).status).toBe(201);
    expect((await call('GET', '/api/v1/namespaces/during')).status).toBe(404);
  }, 90_000);
});
