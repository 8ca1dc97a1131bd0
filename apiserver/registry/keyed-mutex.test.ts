import { describe, expect, it } from '@jest/globals';
import { KeyedMutex } from './keyed-mutex.js';

const tick = (): Promise<void> => new Promise((r) => setTimeout(r, 1));

describe('KeyedMutex', () => {
  it('runs holders of one key one at a time, in arrival order', async () => {
    const m = new KeyedMutex();
    const log: string[] = [];
    const run = async (name: string): Promise<void> => {
      const release = await m.lock(['k']);
      log.push(`${name}+`);
      await tick();
      log.push(`${name}-`);
      release();
    };
    await Promise.all([run('a'), run('b'), run('c')]);
    expect(log).toEqual(['a+', 'a-', 'b+', 'b-', 'c+', 'c-']);
  });

  it('lets different keys run together and never deadlocks on overlapping sets', async () => {
    const m = new KeyedMutex();
    let inside = 0;
    let most = 0;
    const run = async (keys: string[]): Promise<void> => {
      const release = await m.lock(keys);
      inside++;
      most = Math.max(most, inside);
      await tick();
      inside--;
      release();
    };
    await Promise.all([run(['x']), run(['y']), run(['x', 'y']), run(['y', 'x'])]);
    expect(most).toBe(2);
  });
});
