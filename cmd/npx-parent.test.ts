import { describe, expect, it } from '@jest/globals';
import { stopWhenNpxExits } from './npx-parent.js';

const wait = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

describe('stopWhenNpxExits', () => {
  it('does nothing outside npm exec', async () => {
    let stopped = false;
    stopWhenNpxExits(() => (stopped = true), {}, 10);
    await wait(50);
    expect(stopped).toBe(false);
  });

  it('keeps running while the npm process above is alive', async () => {
    let stopped = false;
    stopWhenNpxExits(() => (stopped = true), { npm_command: 'exec' }, 10);
    await wait(50);
    expect(stopped).toBe(false);
  });
});
