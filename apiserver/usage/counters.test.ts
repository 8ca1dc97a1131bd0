import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { silentLogger } from '../observability/logger.js';
import { InternalStore } from '../registry/internal.js';
import { openEmbeddedStorage } from '../storage/embedded/index.js';
import type { Storage } from '../storage/interface.js';
import { UsageCounters } from './counters.js';
import { activityKey, parseRecord } from './record.js';
import { dayOf } from './windows.js';

const T0 = Date.parse('2026-12-06T10:00:05.000Z');
let dir: string;
let storage: Storage;
let internal: InternalStore;
let clock: number;

function counters(serverId = 's1'): UsageCounters {
  return new UsageCounters({
    internal,
    logger: silentLogger(),
    serverId,
    now: () => clock,
    flushIntervalMs: 60_000,
  });
}

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'orgplane-usage-'));
  storage = await openEmbeddedStorage({ path: dir, leaseCheckIntervalMs: 0 });
  internal = new InternalStore(storage);
  clock = T0;
});
afterEach(async () => {
  await storage.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('UsageCounters', () => {
  it('admits exactly the limit of concurrent requests on one server', async () => {
    const c = counters();
    const decisions = await Promise.all(
      Array.from({ length: 200 }, () => c.admit('acme', { requestsPerMinute: 57 })),
    );
    expect(decisions.filter((d) => d.kind === 'admit')).toHaveLength(57);
    const refused = decisions.find((d) => d.kind === 'refuse');
    expect(refused).toEqual({ kind: 'refuse', window: 'minute', limit: 57, retryAfter: 55 });
    expect(c.requests('acme')).toEqual({ thisMinute: 57, today: 57 });
  });

  it('writes a bounded number of records for many requests', async () => {
    const c = counters();
    for (let i = 0; i < 1000; i++) c.countRequest('acme', `user-${String(i % 7)}`, i % 4 === 0);
    await Promise.all(Array.from({ length: 1000 }, () => c.admit('acme', { requestsPerDay: 1_000_000 })));
    await c.flushAll();
    // one load, the syncs of 20 000-request slack (none here), one flush
    expect(c.writes).toBeLessThanOrEqual(3);
    const rec = parseRecord((await internal.get(activityKey('acme', dayOf(T0))))?.value);
    expect(rec).toMatchObject({ requests: 1000, writes: 250, admitted: 1000 });
    expect(rec.users).toHaveLength(7);
  });

  it('keeps the day’s counts across a restart and sums two servers', async () => {
    const a = counters('a');
    for (let i = 0; i < 5; i++) await a.admit('acme', { requestsPerDay: 8 });
    await a.stop();
    const b = counters('b');
    const c = counters('c');
    const results = await Promise.all([
      ...Array.from({ length: 5 }, () => b.admit('acme', { requestsPerDay: 8 })),
      ...Array.from({ length: 5 }, () => c.admit('acme', { requestsPerDay: 8 })),
    ]);
    await Promise.all([b.flushAll(), c.flushAll()]);
    const admitted = results.filter((r) => r.kind === 'admit').length;
    // 8 − 5 = 3 left; limit 8 × 10 % rounds to the minimum slack of 1 per server
    expect(admitted).toBeGreaterThanOrEqual(3);
    expect(admitted).toBeLessThanOrEqual(3 + 2);
    const rec = parseRecord((await internal.get(activityKey('acme', dayOf(T0))))?.value);
    expect(rec.admitted).toBe(5 + admitted);
  });

  it('starts a new minute and a new day', async () => {
    const c = counters();
    for (let i = 0; i < 3; i++) expect((await c.admit('acme', { requestsPerMinute: 3 })).kind).toBe('admit');
    expect((await c.admit('acme', { requestsPerMinute: 3 })).kind).toBe('refuse');
    clock += 60_000;
    expect((await c.admit('acme', { requestsPerMinute: 3 })).kind).toBe('admit');
    clock += 86_400_000;
    expect(c.requests('acme')).toEqual({ thisMinute: 0, today: 0 });
    await c.flushAll();
    expect(parseRecord((await internal.get(activityKey('acme', dayOf(T0))))?.value).admitted).toBe(4);
  });

  it('deletes records older than the retention (hourly, with a flush)', async () => {
    const c = counters();
    c.countRequest('acme', 'ann', false);
    await c.flushAll();
    clock += 90 * 86_400_000;
    expect(await c.sweep()).toBe(0);
    clock += 86_400_000;
    c.countRequest('acme', 'ann', false);
    await c.flushAll();
    expect(await internal.get(activityKey('acme', dayOf(T0)))).toBeUndefined();
    expect(await internal.get(activityKey('acme', dayOf(clock)))).toBeDefined();
  });
});
