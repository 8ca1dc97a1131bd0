import { describe, expect, it } from '@jest/globals';
import { FairQueue, type Admission } from './fair-queue.js';

const granted = (a: Admission): Extract<Admission, { admitted: true }> => {
  if (!a.admitted) throw new Error(`refused: ${a.why}`);
  return a;
};

describe('FairQueue', () => {
  it('admits up to its seats at once and queues the rest', async () => {
    const q = new FairQueue({ seats: 2, queueLength: 10, maxWaitMs: 1000 });
    const a = granted(await q.acquire('x'));
    granted(await q.acquire('x'));
    let third = false;
    const pending = q.acquire('x').then((r) => {
      third = true;
      return r;
    });
    await Promise.resolve();
    expect([q.inFlight, q.waiting, third]).toEqual([2, 1, false]);
    a.release();
    granted(await pending);
    expect([q.inFlight, q.waiting]).toEqual([2, 0]);
  });

  it('hands freed seats to flows in turn, so a noisy flow cannot starve a quiet one', async () => {
    const q = new FairQueue({ seats: 1, queueLength: 100, maxWaitMs: 5000 });
    const holder = granted(await q.acquire('noisy'));
    const order: string[] = [];
    const wait = (flow: string): Promise<void> =>
      q.acquire(flow).then((a) => {
        order.push(flow);
        granted(a).release();
      });
    const all = [...Array.from({ length: 20 }, () => wait('noisy')), wait('quiet')];
    holder.release();
    await Promise.all(all);
    expect(order.indexOf('quiet')).toBeLessThanOrEqual(1);
  });

  it('refuses past a full queue and after the longest wait', async () => {
    const q = new FairQueue({ seats: 1, queueLength: 1, maxWaitMs: 50 });
    const holder = granted(await q.acquire('f'));
    const queued = q.acquire('f');
    expect(await q.acquire('f')).toEqual({ admitted: false, why: 'queue-full' });
    expect(await queued).toEqual({ admitted: false, why: 'time-out' });
    expect(q.waiting).toBe(0);
    holder.release();
    granted(await q.acquire('f')).release();
    expect(q.inFlight).toBe(0);
  });

  it('releases a seat once however often release() is called', async () => {
    const q = new FairQueue({ seats: 1, queueLength: 1, maxWaitMs: 50 });
    const a = granted(await q.acquire('f'));
    a.release();
    a.release();
    expect(q.inFlight).toBe(0);
  });
});
