/**
 * `orgplane up` as users run it (API server, controllers, audit), as a child process of the
 * benchmark: dist/cmd/orgplane.js up run through its shebang line (needs `make build`). start() resolves at the
 * "orgplane ready at" line with the admin credentials from the kubeconfig it wrote; the child is
 * killed on every way out of the benchmark (see cleanup.ts).
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { load } from 'js-yaml';
import { launch } from '../../test/support/launch.js';
import { register } from './cleanup.js';

const ENTRY = fileURLToPath(new URL('../../dist/cmd/orgplane.js', import.meta.url));

export interface ProductServer {
  readonly pid: number;
  readonly url: string;
  readonly caCert: string;
  readonly adminToken: string;
  /** milliseconds from spawn to the ready line */
  readonly readyMs: number;
  /** the last lines the child wrote to stderr (warnings and errors) */
  stderrTail(): string;
  /** SIGTERM, then SIGKILL if it has not exited within 15 s */
  stop(): Promise<void>;
}

export interface StartOptions {
  readonly dataDir: string;
  readonly etcdServers?: readonly string[];
  readonly capMs: number;
  /** flags for the server's node (after BENCH_NODE_ARGS), e.g. --cpu-prof */
  readonly nodeArgs?: readonly string[];
  /** more flags for `orgplane up` */
  readonly extraArgs?: readonly string[];
}

interface Kubeconfig {
  clusters: { cluster: { server: string; 'certificate-authority-data': string } }[];
  users: { user: { token: string } }[];
}

async function credentials(dataDir: string): Promise<{ caCert: string; adminToken: string }> {
  const kc = load(await readFile(`${dataDir}/admin.kubeconfig`, 'utf8')) as Kubeconfig;
  const ca = kc.clusters[0]?.cluster['certificate-authority-data'] ?? '';
  return { caCert: Buffer.from(ca, 'base64').toString('utf8'), adminToken: kc.users[0]?.user.token ?? '' };
}

export async function startProduct(opts: StartOptions): Promise<ProductServer> {
  if (!existsSync(ENTRY)) throw new Error(`${ENTRY} is missing: run make build first`);
  const args = ['up', '--data-dir', opts.dataDir, '--port', '0', '--log-level', 'warn'];
  if (opts.etcdServers) args.push('--etcd-servers', opts.etcdServers.join(','));
  args.push(...(opts.extraArgs ?? []));
  const t0 = performance.now();
  // BENCH_NODE_ARGS: flags for the server's node, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof"
  const nodeArgs = [
    ...(process.env['BENCH_NODE_ARGS'] ?? '').split(' ').filter((a) => a !== ''),
    ...(opts.nodeArgs ?? []),
  ];
  const run = launch(ENTRY, nodeArgs);
  const child = spawn(run.command, [...run.args, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  const pid = child.pid ?? 0;
  const exited = new Promise<void>((resolve) =>
    child.once('exit', () => {
      resolve();
    }),
  );
  const unregister = register({
    run: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    },
    runSync: () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    },
  });
  let tail: string[] = [];
  child.stderr.setEncoding('utf8').on('data', (d: string) => {
    tail = [...tail, ...d.split('\n').filter((l) => l !== '')].slice(-20);
  });
  let out = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      reject(new Error(`orgplane up not ready within ${opts.capMs} ms`));
    }, opts.capMs);
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      out = (out + d).slice(-4096);
      const m = /orgplane ready at (https:\/\/\S+?),/.exec(out);
      if (m?.[1] !== undefined) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    child.once('exit', (code, sig) => {
      clearTimeout(timer);
      reject(new Error(`orgplane up exited (${code ?? sig}) before ready: ${tail.join('\n')}`));
    });
  }).catch(async (err: unknown) => {
    await unregister();
    throw err;
  });
  const readyMs = performance.now() - t0;
  return {
    pid,
    url,
    readyMs,
    ...(await credentials(opts.dataDir)),
    stderrTail: () => tail.join('\n'),
    stop: unregister,
  };
}
