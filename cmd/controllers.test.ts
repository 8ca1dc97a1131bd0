import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Command } from 'commander';
import { registerControllers } from './controllers.js';

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'orgplane-ctl-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function program(): Command {
  const p = new Command()
    .name('orgplane')
    .exitOverride()
    .configureOutput({ writeErr: () => undefined });
  registerControllers(p);
  return p;
}

const run = (...args: string[]): Promise<Command> =>
  program().parseAsync(['node', 'orgplane', 'controllers', ...args]);

describe('orgplane controllers', () => {
  it('refuses a kubeconfig it cannot read, in one line', async () => {
    await expect(run('--kubeconfig', join(dir, 'missing'))).rejects.toThrow(
      /^cannot read kubeconfig .*missing$/,
    );
  });

  it('refuses a bad --leader-elect value', async () => {
    await expect(run('--leader-elect', 'maybe')).rejects.toMatchObject({ code: 'commander.invalidArgument' });
  });

  it('refuses a bad lease duration, and a renew deadline not shorter than the lease', async () => {
    await expect(run('--leader-elect-lease-duration', 'soon')).rejects.toMatchObject({
      code: 'commander.invalidArgument',
    });
    await expect(
      run('--leader-elect-lease-duration', '5s', '--leader-elect-renew-deadline', '5s'),
    ).rejects.toThrow('--leader-elect-renew-deadline must be shorter than --leader-elect-lease-duration');
  });

  it('says so when the API server cannot be reached', async () => {
    const kc = join(dir, 'kc');
    await writeFile(
      kc,
      [
        'apiVersion: v1',
        'kind: Config',
        'clusters: [{name: c, cluster: {server: "https://127.0.0.1:1"}}]',
        'users: [{name: u, user: {token: t}}]',
        'contexts: [{name: x, context: {cluster: c, user: u}}]',
        'current-context: x',
      ].join('\n'),
    );
    await expect(run('--kubeconfig', kc)).rejects.toThrow(
      /^cannot reach the API server at https:\/\/127\.0\.0\.1:1: /,
    );
  });
});
