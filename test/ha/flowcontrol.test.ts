/**
 * API Priority and Fairness: a noisy organization sending many times another's request rate does
 * not slow the quiet one (fair queues per organization), and a flow past its queue gets 429 with
 * Retry-After, never a hang.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startTestServer, type TestServer } from '../support/apiserver.js';
import { agent, agentsPath, create, createNamespace } from '../support/api-helpers.js';

const RBAC = '/apis/rbac.authorization.k8s.io/v1';
const NOISY_CLIENTS = 48;
const WINDOW_S = 6;
const tsx = fileURLToPath(new URL('../../node_modules/tsx/dist/cli.mjs', import.meta.url));
const flooder = fileURLToPath(new URL('../support/flood.ts', import.meta.url));

async function member(ts: TestServer, name: string, ns: string): Promise<string> {
  await ts.call('POST', `${RBAC}/namespaces/${ns}/rolebindings`, {
    body: {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: { name: `${name}-developer` },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'developer' },
      subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name }],
    },
  });
  await ts.call('POST', '/apis/orgplane.io/v1alpha1/serviceaccounts', {
    body: { apiVersion: 'orgplane.io/v1alpha1', kind: 'ServiceAccount', metadata: { name } },
  });
  const tr = await ts.call('POST', `/apis/orgplane.io/v1alpha1/serviceaccounts/${name}/token`, {
    body: { apiVersion: 'authentication.k8s.io/v1', kind: 'TokenRequest', spec: {} },
  });
  return (tr.json as { status: { token: string } }).status.token;
}

const p99 = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length * 0.99)] ?? 0;

describe('flow control', () => {
  let ts: TestServer;
  let noisy: string;
  let quiet: string;

  beforeAll(async () => {
    ts = await startTestServer('embedded', { maxRequestsInflight: 8 });
    for (const ns of ['noisy', 'quiet']) await createNamespace(ts, ns);
    await Promise.all(
      Array.from({ length: 150 }, (_, i) => create(ts, agentsPath('noisy'), agent(`n${String(i)}`))),
    );
    await create(ts, agentsPath('quiet'), agent('q'));
    noisy = await member(ts, 'noisy-user', 'noisy');
    quiet = await member(ts, 'quiet-user', 'quiet');
  }, 60_000);

  afterAll(async () => {
    await ts.stop();
  });

  it('keeps a quiet organization fast and un-throttled while another floods the server', async () => {
    const caFile = join(ts.dataDir, 'flood-ca.crt');
    await writeFile(caFile, ts.server.caCert);
    const flood = spawn(
      process.execPath,
      [
        tsx,
        flooder,
        ts.server.url,
        caFile,
        noisy,
        agentsPath('noisy', 'n1'),
        String(NOISY_CLIENTS),
        String(WINDOW_S),
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let out = '';
    flood.stdout.on('data', (d: Buffer) => (out += d.toString()));
    const exited = once(flood, 'exit');
    await new Promise((resolve) => setTimeout(resolve, 1500)); // the flood is under way
    const quietLatencies: number[] = [];
    const quietCodes: number[] = [];
    while (flood.exitCode === null && quietCodes.length < (WINDOW_S - 2) * 10) {
      const t0 = performance.now();
      const r = await ts.call('GET', agentsPath('quiet', 'q'), { token: quiet });
      quietLatencies.push(performance.now() - t0);
      quietCodes.push(r.status);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    await exited;
    const noisyResult = JSON.parse(out) as { done: number; codes: Record<string, number> };
    const quietRate =
      quietCodes.length / (quietCodes.length * 0.1 + quietLatencies.reduce((a, b) => a + b, 0) / 1000);
    const noisyRate = noisyResult.done / WINDOW_S;
    process.stdout.write(
      `flow control: noisy ${noisyRate.toFixed(0)}/s ${JSON.stringify(noisyResult.codes)}, quiet ${quietRate.toFixed(1)}/s, quiet p99 ${p99(quietLatencies).toFixed(1)} ms\n`,
    );
    expect(noisyRate / quietRate).toBeGreaterThanOrEqual(20);
    expect(quietCodes.filter((c) => c !== 200)).toEqual([]);
    expect(p99(quietLatencies)).toBeLessThan(100);
    expect(Object.keys(noisyResult.codes).filter((c) => c !== '200' && c !== '429')).toEqual([]);
  }, 60_000);
});
