import { describe, expect, it } from '@jest/globals';
import { FakeClock, settle } from '../testing/fake-clock.js';
import { Controller, type Result } from './controller.js';
import { ApiStatusError, TerminalError } from './errors.js';

type Step = (key: string) => Promise<Result | undefined>;

function controller(clock: FakeClock, step: Step, workers = 1): { c: Controller; calls: string[] } {
  const calls: string[] = [];
  const c = new Controller({
    name: 'test',
    clock,
    workers,
    reconciler: {
      reconcile: (key) => {
        calls.push(`${key}@${clock.now() - START}`);
        return step(key);
      },
    },
  });
  return { c, calls };
}

const START = Date.parse('2025-01-01T00:00:00Z');

describe('Controller', () => {
  it('retries a failing key with per-key exponential backoff, then forgets it on success', async () => {
    const clock = new FakeClock(START);
    let failures = 3;
    const { c, calls } = controller(clock, () =>
      failures-- > 0 ? Promise.reject(new Error('boom')) : Promise.resolve(undefined),
    );
    c.start();
    c.enqueue('a');
    await clock.advance(100);
    expect(calls).toEqual(['a@0', 'a@5', 'a@15', 'a@35']);
    await c.stop();
  });

  it('gives the event loop a turn while it works through a long queue of reconciles needing no I/O', async () => {
    const clock = new FakeClock(START);
    const { c, calls } = controller(clock, () => Promise.resolve(undefined), 16);
    c.start();
    for (let i = 0; i < 5000; i++) c.enqueue(`k${String(i)}`);
    const doneWhenIoRan = await new Promise<number>((resolve) =>
      setImmediate(() => {
        resolve(calls.length);
      }),
    );
    expect(doneWhenIoRan).toBeGreaterThan(0);
    expect(doneWhenIoRan).toBeLessThan(5000);
    await clock.advance(0);
    while (calls.length < 5000) await settle();
    await c.stop();
  });

  it('does not requeue after a TerminalError', async () => {
    const clock = new FakeClock(START);
    const { c, calls } = controller(clock, () => Promise.reject(new TerminalError('bad spec')));
    c.start();
    c.enqueue('a');
    await clock.advance(10_000);
    expect(calls).toEqual(['a@0']);
    await c.stop();
  });

  it('requeues after requeueAfter and on conflicts', async () => {
    const clock = new FakeClock(START);
    let n = 0;
    const { c, calls } = controller(clock, (key) => {
      n++;
      if (key === 'conflict' && n < 3) return Promise.reject(new ApiStatusError(409, 'modified'));
      return Promise.resolve(key === 'poll' && n < 3 ? { requeueAfter: 1000 } : undefined);
    });
    c.start();
    c.enqueue('poll');
    await clock.advance(5000);
    expect(calls).toEqual(['poll@0', 'poll@1000', 'poll@2000']);
    n = 0;
    c.enqueue('conflict');
    await clock.advance(100);
    expect(calls.slice(3)).toEqual(['conflict@5000', 'conflict@5005', 'conflict@5015']);
    await c.stop();
  });

  it('never reconciles one key twice at once, even with several workers', async () => {
    const clock = new FakeClock(START);
    let running = 0;
    let maxRunning = 0;
    const release: (() => void)[] = [];
    const { c, calls } = controller(
      clock,
      () =>
        new Promise((resolve) => {
          running++;
          maxRunning = Math.max(maxRunning, running);
          release.push(() => {
            running--;
            resolve(undefined);
          });
        }),
      4,
    );
    c.start();
    c.enqueue('a');
    await settle();
    c.enqueue('a');
    c.enqueue('a');
    await settle();
    expect(maxRunning).toBe(1);
    release.shift()?.();
    await settle();
    expect(calls.length).toBe(2);
    release.shift()?.();
    await settle();
    expect(calls.length).toBe(2);
    expect(maxRunning).toBe(1);
    await c.stop();
  });

  it('drops keys while stopped and resumes after a restart', async () => {
    const clock = new FakeClock(START);
    const { c, calls } = controller(clock, () => Promise.resolve(undefined));
    c.enqueue('early');
    c.start();
    c.enqueue('a');
    await settle();
    await c.stop();
    c.enqueue('while-stopped');
    c.start();
    c.enqueue('b');
    await settle();
    expect(calls).toEqual(['a@0', 'b@0']);
    await c.stop();
  });
});
