/**
 * `orgplane apply` and `orgplane diff` (the built CLI) against the built `orgplane up`: a directory
 * applied with prune and wait, idempotent re-apply, drift detection, and an invalid file refusing
 * the whole apply. Embedded store only: the CLI speaks the same API on both stores.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, jest, test } from '@jest/globals';
import { repoRoot, startE2eServer, type E2eServer, type KubectlResult } from '../support/e2e.js';

jest.setTimeout(90_000);

const agent = (name: string, model: string): string =>
  `apiVersion: orgplane.io/v1alpha1\nkind: Agent\nmetadata: {name: ${name}, namespace: repo-org}\nspec: {model: ${model}}\n`;

describe('orgplane apply/diff', () => {
  let server: E2eServer;
  let repo: string;

  const cli = (args: string[]): Promise<KubectlResult> =>
    new Promise((resolve) => {
      const child = spawn(process.execPath, [
        join(repoRoot, 'dist/cmd/orgplane.js'),
        ...args,
        '--kubeconfig',
        server.kubeconfig,
      ]);
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
      child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
      child.on('close', (code) => {
        resolve({ code: code ?? -1, stdout, stderr });
      });
    });
  const rv = async (name: string): Promise<string> =>
    (
      await server.kubectl([
        'get',
        'agent',
        name,
        '-n',
        'repo-org',
        '-o',
        'jsonpath={.metadata.resourceVersion}',
      ])
    ).stdout;

  beforeAll(async () => {
    server = await startE2eServer('embedded');
    repo = await mkdtemp(join(tmpdir(), 'orgplane-repo-'));
    await writeFile(
      join(repo, '00-org.yaml'),
      'apiVersion: orgplane.io/v1alpha1\nkind: Organization\nmetadata: {name: repo-org}\nspec: {displayName: Repo Org}\n',
    );
    await writeFile(join(repo, 'alpha.yaml'), agent('alpha', 'gpt-4'));
    await writeFile(join(repo, 'beta.yaml'), agent('beta', 'gpt-4'));
  }, 120_000);

  afterAll(async () => {
    await server.stop();
    await rm(repo, { recursive: true, force: true });
  });

  test('applies a directory and waits for readiness; a second apply writes nothing', async () => {
    const first = await cli(['apply', '-f', repo, '--prune', '--wait', '--timeout', '60s']);
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/agent\.orgplane\.io\/alpha created/);
    const before = await rv('alpha');
    const again = await cli(['apply', '-f', repo, '--prune']);
    expect(again.stdout).toMatch(/agent\.orgplane\.io\/alpha unchanged/);
    expect(await rv('alpha')).toBe(before);
  });

  test('diff reports drift with exit 1, and apply heals it', async () => {
    expect((await cli(['diff', '-f', repo])).code).toBe(0);
    await server.kubectl([
      'patch',
      'agent',
      'beta',
      '-n',
      'repo-org',
      '--type=merge',
      '-p',
      '{"spec":{"model":"drifted"}}',
    ]);
    const diff = await cli(['diff', '-f', repo]);
    expect(diff.code).toBe(1);
    expect(diff.stdout).toContain('drifted');
    expect((await cli(['apply', '-f', repo])).code).toBe(0);
    const model = await server.kubectl([
      'get',
      'agent',
      'beta',
      '-n',
      'repo-org',
      '-o',
      'jsonpath={.spec.model}',
    ]);
    expect(model.stdout).toBe('gpt-4');
  });

  test('prune removes what left the repository and keeps what others made', async () => {
    await server.kubectl(['create', '-f', '-'], { stdin: agent('handmade', 'm') });
    await unlink(join(repo, 'alpha.yaml'));
    const pruned = await cli(['apply', '-f', repo, '--prune']);
    expect(pruned.stdout).toMatch(/agent\.orgplane\.io\/alpha pruned/);
    expect((await server.kubectl(['get', 'agent', 'alpha', '-n', 'repo-org'])).code).toBe(1);
    expect((await server.kubectl(['get', 'agent', 'handmade', '-n', 'repo-org'])).code).toBe(0);
  });

  test('one invalid file refuses the whole apply, naming the file', async () => {
    await writeFile(join(repo, 'gamma.yaml'), agent('gamma', 'gpt-4'));
    await writeFile(
      join(repo, 'zz-broken.yaml'),
      'apiVersion: orgplane.io/v1alpha1\nkind: Agent\nmetadata: {name: broken, namespace: repo-org}\nspec: {tools: 7}\n',
    );
    const out = await cli(['apply', '-f', repo]);
    expect(out.code).not.toBe(0);
    expect(out.stderr + out.stdout).toContain('zz-broken.yaml');
    expect((await server.kubectl(['get', 'agent', 'gamma', '-n', 'repo-org'])).code).toBe(1);
  });
});
