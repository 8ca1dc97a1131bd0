import { Registry } from 'prom-client';
import { BufferedBackend } from './buffered.js';
import { AuditMetrics } from './metrics.js';
import { sampleRecord } from './testdata.js';
import { AuditBatchError, type AuditBackend, type AuditRecord } from './types.js';

async function metric(registry: Registry, name: string, plugin?: string): Promise<number> {
  const m = await registry.getSingleMetric(name)?.get();
  return m?.values.find((v) => plugin === undefined || v.labels.plugin === plugin)?.value ?? 0;
}

function gatedBackend(): { backend: AuditBackend; batches: AuditRecord[][]; release: () => void } {
  const batches: AuditRecord[][] = [];
  let open: () => void = () => undefined;
  let gate = new Promise<void>((r) => (open = r));
  return {
    batches,
    release: () => {
      open();
      gate = Promise.resolve();
    },
    backend: {
      name: 'test',
      async process(batch) {
        batches.push([...batch]);
        await gate;
      },
    },
  };
}

const rec = (i: number): AuditRecord => sampleRecord({ auditID: `id-${String(i)}` });

describe('BufferedBackend', () => {
  it('delivers full batches at once and partial ones after maxWait', async () => {
    const registry = new Registry();
    const { backend, batches, release } = gatedBackend();
    release();
    const b = new BufferedBackend(
      backend,
      { maxBatch: 3, maxWaitMs: 30 },
      new AuditMetrics(registry),
      () => undefined,
    );
    for (let i = 0; i < 4; i++) b.enqueue(rec(i));
    await new Promise((r) => setTimeout(r, 5));
    expect(batches.map((x) => x.length)).toEqual([3, 1]);
    b.enqueue(rec(5));
    await new Promise((r) => setTimeout(r, 5));
    expect(batches).toHaveLength(2);
    await new Promise((r) => setTimeout(r, 60));
    expect(batches.map((x) => x.map((e) => e.auditID))).toEqual([
      ['id-0', 'id-1', 'id-2'],
      ['id-3'],
      ['id-5'],
    ]);
    await b.shutdown();
  });

  it('drops events past the bound without waiting, counting them', async () => {
    const registry = new Registry();
    const { backend, batches, release } = gatedBackend();
    const b = new BufferedBackend(
      backend,
      { maxBuffered: 5, maxBatch: 2, maxWaitMs: 1 },
      new AuditMetrics(registry),
      () => undefined,
    );
    const accepted = Array.from({ length: 20 }, (_, i) => b.enqueue(rec(i)));
    // two went to the (stuck) backend, five wait, the rest are dropped
    expect(accepted.filter(Boolean)).toHaveLength(7);
    expect(await metric(registry, 'apiserver_audit_dropped_events_total', 'test')).toBe(13);
    expect(await metric(registry, 'apiserver_audit_error_total', 'test')).toBe(13);
    release();
    await b.flush();
    expect(batches.flat()).toHaveLength(7);
    await b.shutdown();
    expect(b.enqueue(rec(99))).toBe(false);
  });

  it('counts events a backend fails to record, and keeps going', async () => {
    const registry = new Registry();
    const errors: string[] = [];
    let calls = 0;
    const backend: AuditBackend = {
      name: 'flaky',
      process(batch) {
        calls++;
        if (calls === 1) return Promise.reject(new Error('down'));
        if (calls === 2) return Promise.reject(new AuditBatchError(1, new Error('half')));
        expect(batch).toHaveLength(2);
        return Promise.resolve();
      },
    };
    const b = new BufferedBackend(backend, { maxBatch: 2 }, new AuditMetrics(registry), (err, plugin) => {
      errors.push(`${plugin}: ${(err as Error).message}`);
    });
    for (let i = 0; i < 6; i++) b.enqueue(rec(i));
    await b.flush();
    expect(calls).toBe(3);
    expect(await metric(registry, 'apiserver_audit_error_total', 'flaky')).toBe(3);
    expect(errors).toEqual(['flaky: down', 'flaky: 1 audit events not recorded: half']);
  });

  it('gives up on what is still buffered when shutdown times out', async () => {
    const registry = new Registry();
    const { backend } = gatedBackend();
    const b = new BufferedBackend(backend, { maxBatch: 1 }, new AuditMetrics(registry), () => undefined);
    for (let i = 0; i < 3; i++) b.enqueue(rec(i));
    await b.shutdown(20);
    expect(await metric(registry, 'apiserver_audit_error_total', 'test')).toBe(2);
  });
});
