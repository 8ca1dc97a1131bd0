/**
 * The orgplane process as its script starts it: node itself (the pid users and supervisors see),
 * with glibc's malloc at a fixed mmap threshold, so memory freed after a large list or relist goes
 * back to the system instead of staying in malloc's heap.
 */
import { readFileSync } from 'node:fs';
import { startE2eServer, type E2eServer } from '../support/e2e.js';

describe('the orgplane up process', () => {
  let server: E2eServer;
  beforeAll(async () => {
    server = await startE2eServer('embedded');
  }, 60_000);
  afterAll(async () => {
    await server.stop();
  });

  it('is node running the orgplane script, with the malloc tunable its shebang line sets', () => {
    const proc = (file: string): string[] =>
      readFileSync(`/proc/${String(server.pid)}/${file}`, 'utf8').split('\0');
    const argv = proc('cmdline');
    expect(argv[0]).toBe(process.execPath);
    expect(argv.slice(1, 3)).toEqual([expect.stringMatching(/dist\/cmd\/orgplane\.js$/), 'up']);
    expect(proc('environ')).toContain('MALLOC_MMAP_THRESHOLD_=131072');
  });
});
