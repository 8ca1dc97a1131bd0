import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { WatchEvent } from '../interface.js';
import type { Clock, EmbeddedStorage } from './index.js';
import { openEmbeddedStorage } from './index.js';
import { put } from '../../../test/support/storage-put.js';

/** A clock that moves only when told; advance() runs the due interval callbacks. */
class ManualClock implements Clock {
  time = 1_000_000;
  private readonly timers = new Set<() => void>();
  now(): number {
    return this.time;
  }
  every(_ms: number, fn: () => void): () => void {
    this.timers.add(fn);
    return () => this.timers.delete(fn);
  }
  get active(): number {
    return this.timers.size;
  }
  advance(ms: number): void {
    this.time += ms;
    for (const fn of this.timers) fn();
  }
}

let dir: string;
let clock: ManualClock;
let s: EmbeddedStorage;
const open = (): Promise<EmbeddedStorage> =>
  openEmbeddedStorage({ path: dir, clock, leaseCheckIntervalMs: 250 });

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'orgplane-lease-'));
  clock = new ManualClock();
  s = await open();
});

afterEach(async () => {
  await s.close();
  rmSync(dir, { recursive: true, force: true });
});

async function until(check: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 5));
  }
  throw new Error('condition not reached');
}

describe('leases', () => {
  it('deletes attached keys with delete events at one revision when the lease expires', async () => {
    const lease = await s.grantLease(10);
    expect(await s.currentRevision()).toBe(1);
    await s.create('/l/a', '1', { lease });
    await s.txn({ compares: [], success: [{ type: 'put', key: '/l/b', value: '1', lease }] });
    await s.create('/l/free', '1');
    const w = s.watch('/l/');
    clock.advance(9_000);
    await s.expireLeases();
    expect(await s.count('/l/')).toBe(3);
    clock.advance(1_000);
    await until(async () => (await s.count('/l/')) === 1);
    const events: WatchEvent[] = [];
    for await (const ev of w) {
      events.push(ev);
      if (events.length === 2) break;
    }
    expect(events.map((e) => [e.type, e.key, e.revision])).toEqual([
      ['delete', '/l/a', 5],
      ['delete', '/l/b', 5],
    ]);
    expect(events[0]?.kv.lease).toBe(lease);
  });

  it('attaches and detaches leases through puts', async () => {
    const lease = await s.grantLease(5);
    await s.create('/a', '1');
    const kv = await put(s, '/a', '1', lease);
    expect(kv.lease).toBe(lease);
    await put(s, '/b', 'x', lease);
    await put(s, '/b', 'y');
    clock.advance(5_000);
    await s.expireLeases();
    expect(await s.get('/a')).toBeUndefined();
    expect((await s.get('/b'))?.value).toBe('y');
  });

  it('revokeLease deletes the keys now and ignores unknown leases', async () => {
    const lease = await s.grantLease(60);
    await s.create('/a', '1', { lease });
    await s.revokeLease(lease);
    expect(await s.get('/a')).toBeUndefined();
    await s.revokeLease(lease);
    await s.revokeLease(12345);
    await expect(s.create('/b', '1', { lease })).rejects.toMatchObject({ code: 'InvalidRequest' });
  });

  it('does not bump the revision when a lease with no keys expires', async () => {
    await s.grantLease(1);
    clock.advance(1_000);
    await s.expireLeases();
    expect(await s.currentRevision()).toBe(1);
  });

  it('keeps leases across a reopen and expires them afterwards', async () => {
    const lease = await s.grantLease(30);
    await s.create('/a', '1', { lease });
    await s.close();
    clock.advance(31_000);
    s = await open();
    expect(await s.get('/a')).toBeDefined();
    clock.advance(250);
    await until(async () => (await s.get('/a')) === undefined);
    const second = await s.grantLease(1);
    expect(second).toBeGreaterThan(lease);
  });

  it('rejects invalid TTLs and stops its timer on close', async () => {
    await expect(s.grantLease(0)).rejects.toMatchObject({ code: 'InvalidRequest' });
    await expect(s.grantLease(Number.NaN)).rejects.toMatchObject({ code: 'InvalidRequest' });
    expect(clock.active).toBe(1);
    await s.close();
    expect(clock.active).toBe(0);
    s = await open();
  });
});
