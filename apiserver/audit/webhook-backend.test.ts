import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Registry } from 'prom-client';
import { BufferedBackend } from './buffered.js';
import { AuditMetrics } from './metrics.js';
import { sampleRecord } from './testdata.js';
import type { AuditRecord } from './types.js';
import { webhookBackend } from './webhook-backend.js';

interface Received {
  readonly kind: string;
  readonly apiVersion: string;
  readonly items: AuditRecord[];
}

/** A loopback audit sink answering with the queued status codes (200 once they run out). */
async function sink(
  codes: number[],
): Promise<{ server: Server; url: string; lists: Received[]; hits: () => number }> {
  const lists: Received[] = [];
  let hits = 0;
  const server = createServer((req, resp) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      hits++;
      const code = codes.shift() ?? 200;
      if (code === 200) lists.push(JSON.parse(Buffer.concat(chunks).toString('utf8')) as Received);
      resp.writeHead(code, { 'Content-Type': 'application/json' }).end('{}');
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const url = `http://127.0.0.1:${String((server.address() as AddressInfo).port)}/audit`;
  return { server, url, lists, hits: () => hits };
}

const rec = (i: number): AuditRecord => sampleRecord({ auditID: `id-${String(i)}` });

describe('audit webhook backend', () => {
  it('POSTs each batch as one EventList, retrying 5xx and 429 with backoff', async () => {
    const s = await sink([503, 429, 500]);
    const hook = webhookBackend({ url: s.url, initialBackoffMs: 5, maxAttempts: 4 });
    await hook.process([rec(1), rec(2)]);
    expect(s.hits()).toBe(4);
    expect(s.lists).toHaveLength(1);
    expect(s.lists[0]).toMatchObject({ kind: 'EventList', apiVersion: 'audit.k8s.io/v1' });
    expect(s.lists[0]?.items.map((e) => e.auditID)).toEqual(['id-1', 'id-2']);
    s.server.close();
  });

  it('fails the batch after its attempts, and at once on other 4xx', async () => {
    const s = await sink([500, 500, 500, 400]);
    const hook = webhookBackend({ url: s.url, initialBackoffMs: 1, maxAttempts: 3 });
    await expect(hook.process([rec(1)])).rejects.toThrow(
      /audit webhook http:\/\/127.0.0.1:\d+\/audit: HTTP 500/,
    );
    expect(s.hits()).toBe(3);
    await expect(hook.process([rec(2)])).rejects.toThrow(/HTTP 400/);
    expect(s.hits()).toBe(4);
    s.server.close();
  });

  it('fails on an unreachable URL and refuses non-http URLs', async () => {
    const s = await sink([]);
    const url = s.url;
    s.server.close();
    await once(s.server, 'close');
    const hook = webhookBackend({ url, initialBackoffMs: 1, maxAttempts: 2 });
    await expect(hook.process([rec(1)])).rejects.toThrow(/audit webhook/);
    expect(() => webhookBackend({ url: 'ftp://x/audit' })).toThrow(/must be http or https/);
  });

  it('drops the large objects of an oversized event, marking it truncated', async () => {
    const s = await sink([]);
    const hook = webhookBackend({ url: s.url, maxEventBytes: 2048 });
    await hook.process([
      sampleRecord({ level: 'RequestResponse', requestObject: { data: 'x'.repeat(4096) } }),
    ]);
    const item = s.lists[0]?.items[0];
    expect(item?.requestObject).toBeUndefined();
    expect(item?.annotations?.['audit.k8s.io/truncated']).toBe('true');
    s.server.close();
  });

  it('behind the buffer: batches, counts events of failed batches and drops past the bound', async () => {
    const s = await sink([500, 500]);
    const registry = new Registry();
    const metrics = new AuditMetrics(registry);
    const buffered = new BufferedBackend(
      webhookBackend({ url: s.url, initialBackoffMs: 1, maxAttempts: 2 }),
      { maxBuffered: 10, maxBatch: 4, maxWaitMs: 5 },
      metrics,
      () => undefined,
    );
    const accepted = Array.from({ length: 20 }, (_, i) => buffered.enqueue(rec(i))).filter(Boolean).length;
    await buffered.flush();
    const value = async (name: string): Promise<number> =>
      (await registry.getSingleMetric(name)?.get())?.values.find((v) => v.labels.plugin === 'webhook')
        ?.value ?? 0;
    // 4 went out at once, 10 waited, 6 were dropped; the first batch failed twice and was lost
    expect(accepted).toBe(14);
    expect(await value('apiserver_audit_dropped_events_total')).toBe(6);
    expect(await value('apiserver_audit_error_total')).toBe(6 + 4);
    expect(s.lists.map((l) => l.items.length)).toEqual([4, 4, 2]);
    await buffered.shutdown();
    s.server.close();
  });
});
