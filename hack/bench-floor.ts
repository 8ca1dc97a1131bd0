/**
 * `make bench`, floor: the server CPU of one bare HTTPS request on this machine (hack/bench/
 * floor-server.ts: read, parse and answer a 2 KiB JSON body; nothing else), on node:https and
 * through express, 64 in flight over keep-alive, beside the product's CPU per create. A create on
 * the product path is three such requests (the create, the agent controller's status patch and its
 * Event), so three times this floor is what no amount of work inside the server can remove.
 *   npx tsx hack/bench-floor.ts [--requests 20000]
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureTls } from '../apiserver/bootstrap/certs.js';
import { apiClient } from './bench/client.js';
import { closedLoop } from './bench/load.js';
import { cpuMs } from './bench/proc.js';

const flag = (name: string): string | undefined => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : undefined;
};
const requests = Number(flag('requests') ?? 20_000);
const script = fileURLToPath(new URL('./bench/floor-server.ts', import.meta.url));
const body = {
  apiVersion: 'orgplane.io/v1alpha1',
  kind: 'Agent',
  metadata: { name: 'floor', namespace: 'bench' },
  spec: { model: 'gpt-4o', instructions: 'Answer briefly. '.repeat(120) },
};

async function floorOf(mode: 'node' | 'express', dir: string): Promise<number> {
  const child = spawn(process.execPath, ['--import', 'tsx', script, mode, dir], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  try {
    const port = await new Promise<number>((resolve, reject) => {
      child.stdout.on('data', (d: Buffer) => {
        const m = /listening (\d+)/.exec(d.toString());
        if (m) resolve(Number(m[1]));
      });
      child.once('exit', (code) => {
        reject(new Error(`floor server exited with ${String(code)}`));
      });
    });
    const tls = await ensureTls(dir);
    const c = apiClient({ url: `https://127.0.0.1:${String(port)}`, caCert: tls.caCert, token: 'x' }, 64);
    const path = '/apis/orgplane.io/v1alpha1/namespaces/bench/agents';
    const op = async (): Promise<true | string> =>
      (await c.call('POST', path, body)).status === 201 ? true : 'not 201';
    await closedLoop(0, 2000, 64, 60_000, op); // warm-up: JIT and TLS sessions
    const cpu0 = cpuMs(child.pid ?? 0);
    const run = await closedLoop(0, requests, 64, 300_000, op);
    const cpu = cpuMs(child.pid ?? 0) - cpu0;
    c.close();
    if (run.failed > 0)
      throw new Error(`${String(run.failed)} floor requests failed: ${run.firstFailure ?? ''}`);
    return cpu / run.done;
  } finally {
    child.kill('SIGTERM');
  }
}

const dir = await mkdtemp(join(tmpdir(), 'orgplane-floor-'));
try {
  const bare = await floorOf('node', dir);
  const viaExpress = await floorOf('express', dir);
  console.log(
    `Server CPU of one bare HTTPS request (2 KiB JSON in and out, ${String(requests)} requests, 64 in flight):`,
  );
  console.log(`  node:https  ${bare.toFixed(3)} ms;  express  ${viaExpress.toFixed(3)} ms`);
  console.log(
    `  a create on the product path is 3 requests: floor ${(3 * viaExpress).toFixed(3)} ms CPU per create before any work of the server`,
  );
} finally {
  await rm(dir, { recursive: true, force: true });
}
