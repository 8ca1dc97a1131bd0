import { describe, expect, it } from '@jest/globals';
import { FakeClock } from '../testing/fake-clock.js';
import { ItemExponentialRateLimiter } from './ratelimiter.js';
import { WorkQueue } from './workqueue.js';

function queue(clock = new FakeClock()): { q: WorkQueue; clock: FakeClock } {
  return { q: new WorkQueue({ clock, rateLimiter: new ItemExponentialRateLimiter(5, 1_000_000) }), clock };
}

describe('WorkQueue', () => {
  it('merges duplicate keys added before processing', async () => {
    const { q } = queue();
    q.add('a');
    q.add('b');
    q.add('a');
    expect(q.len()).toBe(2);
    expect(await q.get()).toBe('a');
    expect(await q.get()).toBe('b');
    expect(q.len()).toBe(0);
  });

  it('never hands out a key being processed; a re-add while processing is queued after done', async () => {
    const { q } = queue();
    q.add('a');
    const key = await q.get();
    q.add('a');
    expect(q.len()).toBe(0);
    let second: string | undefined;
    void q.get().then((k) => (second = k));
    await Promise.resolve();
    expect(second).toBeUndefined();
    q.done(key ?? '');
    await Promise.resolve();
    expect(second).toBe('a');
  });

  it('drops a key when done without a re-add', async () => {
    const { q } = queue();
    q.add('a');
    q.done((await q.get()) ?? '');
    expect(q.len()).toBe(0);
  });

  it('delays addAfter on the clock; the earlier of two pending adds wins', async () => {
    const { q, clock } = queue();
    q.addAfter('a', 1000);
    q.addAfter('a', 5000);
    q.addAfter('a', 2000);
    await clock.advance(999);
    expect(q.len()).toBe(0);
    await clock.advance(1);
    expect(q.len()).toBe(1);
    await clock.advance(10_000);
    expect(q.len()).toBe(1);
  });

  it('rate-limits retries per key: 5 ms doubling, reset by forget', async () => {
    const { q, clock } = queue();
    q.addRateLimited('a');
    q.addRateLimited('b');
    await clock.advance(5);
    expect(q.len()).toBe(2);
    q.done((await q.get()) ?? '');
    q.addRateLimited('a');
    await clock.advance(9);
    expect(q.numRequeues('a')).toBe(2);
    await clock.advance(1);
    expect(q.len()).toBe(2);
    q.forget('a');
    expect(q.numRequeues('a')).toBe(0);
  });

  it('shutDown wakes waiting getters with undefined and ignores later adds', async () => {
    const { q, clock } = queue();
    const waiting = q.get();
    q.addAfter('x', 100);
    q.shutDown();
    expect(await waiting).toBeUndefined();
    q.add('a');
    await clock.advance(1000);
    expect(await q.get()).toBeUndefined();
    expect(clock.pending()).toBe(0);
  });

  it('hands out many keys in arrival order while more arrive (a relist of 100k objects)', async () => {
    const { q } = queue();
    const got: string[] = [];
    for (let i = 0; i < 5000; i++) q.add(`k${String(i)}`);
    for (let round = 0; round < 3000; round++) {
      const k = (await q.get()) ?? '';
      got.push(k);
      q.done(k);
      if (round % 2 === 0) q.add(`m${String(round)}`);
    }
    expect(got.slice(0, 3)).toEqual(['k0', 'k1', 'k2']);
    expect(got.filter((k) => k.startsWith('k'))).toEqual(
      Array.from({ length: 3000 }, (_, i) => `k${String(i)}`),
    );
    expect(q.len()).toBe(5000 - 3000 + 1500);
  });
});
