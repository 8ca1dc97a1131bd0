import { describe, expect, it } from '@jest/globals';
import type winston from 'winston';
import { WorkQueue } from './queue.js';

/** A logger recording what the queue logs (it only warns). */
function capture(): { logger: winston.Logger; lines: { level: string; message: string }[] } {
  const lines: { level: string; message: string }[] = [];
  const record =
    (level: string) =>
    (message: string): void => {
      lines.push({ level, message });
    };
  const logger = { warn: record('warn'), info: record('info'), debug: record('debug') };
  return { logger: logger as unknown as winston.Logger, lines };
}

const until = async (ok: () => boolean): Promise<void> => {
  for (let i = 0; i < 200 && !ok(); i++) await new Promise((r) => setTimeout(r, 10));
};

describe('WorkQueue', () => {
  it('works a key added several times while pending once', async () => {
    const seen: string[] = [];
    let open = (): void => undefined;
    const gate = new Promise<void>((r) => (open = r));
    const work = async (k: string): Promise<'done'> => {
      seen.push(k);
      if (k === 'first') await gate;
      return 'done';
    };
    const q = new WorkQueue(work, capture().logger, 'w');
    q.add('first');
    q.add('a');
    q.add('a');
    q.add('b');
    open();
    await until(() => seen.length >= 3);
    await new Promise((r) => setTimeout(r, 20));
    expect(seen).toEqual(['first', 'a', 'b']);
    q.stop();
  });

  it('logs a failure at warn and retries it with backoff until it succeeds', async () => {
    const { logger, lines } = capture();
    let calls = 0;
    const q = new WorkQueue(
      () => {
        calls++;
        return calls < 3 ? Promise.reject(new Error('Unavailable')) : Promise.resolve('done');
      },
      logger,
      'test loop',
      5,
      50,
    );
    q.add('k');
    await until(() => calls >= 3);
    expect(calls).toBe(3);
    expect(lines.filter((l) => l.level === 'warn')).toHaveLength(2);
    expect(lines[0]?.message).toBe('test loop failed; retrying');
    q.stop();
  });

  it('requeues a key that must wait, and stops requeueing once stopped', async () => {
    let calls = 0;
    const q = new WorkQueue(() => Promise.resolve((calls++, 'wait' as const)), capture().logger, 'w', 5, 5);
    q.add('k');
    await until(() => calls >= 3);
    q.stop();
    const at = calls;
    await new Promise((r) => setTimeout(r, 50));
    expect(calls).toBe(at);
  });
});
