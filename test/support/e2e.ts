/**
 * The built `orgplane up` as a child process (embedded store, or a throwaway etcd), driven by the
 * real kubectl. Needs `make build` first (the jest e2e project runs after it).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startEtcd, type EtcdServer } from './etcd.js';
import { launch } from './launch.js';

export type Backend = 'embedded' | 'etcd';

export const KUBECTL = '/usr/bin/kubectl';
export const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
export const binary = join(repoRoot, 'dist/cmd/orgplane.js');

export interface KubectlOptions {
  readonly stdin?: string;
  readonly env?: Readonly<Record<string, string>>;
  /** ms before the command is killed (default 30 s) */
  readonly timeoutMs?: number;
  /** a fresh discovery cache for this call (after kinds come and go) */
  readonly freshCache?: boolean;
}

export interface KubectlResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** A kubectl that keeps running (get -w, wait, delete --wait): output so far, and its end. */
export interface RunningKubectl {
  output(): string;
  /** resolves once stdout+stderr match re; rejects after timeoutMs */
  waitFor(re: RegExp, timeoutMs?: number): Promise<void>;
  /** resolves when the process exits by itself */
  readonly done: Promise<KubectlResult>;
  /** SIGTERM it (if still running) and resolve with what it printed */
  stop(): Promise<KubectlResult>;
}

export interface E2eServer {
  readonly backend: Backend;
  /** the server's process (node's, as the orgplane script runs it) */
  readonly pid: number;
  readonly url: string;
  readonly kubeconfig: string;
  readonly dataDir: string;
  /** the etcd behind the server (etcd backend only) */
  readonly etcd: EtcdServer | undefined;
  kubectl(args: readonly string[], opts?: KubectlOptions): Promise<KubectlResult>;
  startKubectl(args: readonly string[], opts?: KubectlOptions): RunningKubectl;
  /** the server's output so far (for failure messages) */
  log(): string;
  /** stop the server process only (SIGTERM), keeping its data dir until stop() */
  halt(): Promise<void>;
  stop(): Promise<void>;
}

const READY = /orgplane ready at (https:\/\/\S+), kubeconfig (\S+)/;

/** `extraArgs`: more flags for `orgplane up` (an audit policy, a log level, a digest interval). */
export async function startE2eServer(
  backend: Backend,
  extraArgs: readonly string[] = [],
): Promise<E2eServer> {
  if (!existsSync(binary)) throw new Error(`${binary} is missing: run \`make build\` first`);
  const dir = await mkdtemp(join(tmpdir(), 'orgplane-e2e-'));
  const etcd = backend === 'etcd' ? await startEtcd() : undefined;
  const args = ['up', '--data-dir', join(dir, 'data'), '--port', '0'];
  if (etcd) args.push('--etcd-servers', etcd.endpoints.join(','));
  args.push(...extraArgs);
  const run = launch(binary);
  const child = spawn(run.command, [...run.args, ...args], {
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  child.stdout.on('data', (c: Buffer) => (log += c.toString('utf8')));
  child.stderr.on('data', (c: Buffer) => (log += c.toString('utf8')));
  const cleanup = async (): Promise<void> => {
    await terminate(child);
    await etcd?.stop();
    await rm(dir, { recursive: true, force: true });
  };
  let ready: RegExpExecArray;
  try {
    ready = await waitReady(child, () => log);
  } catch (err) {
    await cleanup();
    throw err;
  }
  const [, url = '', kubeconfig = ''] = ready;
  let calls = 0;
  const cacheDir = (fresh: boolean | undefined): string =>
    join(dir, fresh ? `cache-${String(++calls)}` : 'cache');
  const argv = (a: readonly string[], o: KubectlOptions): string[] => [
    '--kubeconfig',
    kubeconfig,
    '--cache-dir',
    cacheDir(o.freshCache),
    ...a,
  ];
  return {
    backend,
    pid: child.pid ?? 0,
    url,
    kubeconfig,
    dataDir: join(dir, 'data'),
    etcd,
    kubectl: (a, o = {}) => startKubectlProcess(argv(a, o), o).done,
    startKubectl: (a, o = {}) => startKubectlProcess(argv(a, o), o),
    log: () => log,
    halt: () => terminate(child),
    stop: cleanup,
  };
}

function waitReady(child: ChildProcess, log: () => string): Promise<RegExpExecArray> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      finish();
      reject(new Error(`orgplane did not become ready in 60 s:\n${log()}`));
    }, 60_000);
    const onData = (): void => {
      const m = READY.exec(log());
      if (m) {
        finish();
        resolve(m);
      }
    };
    const onExit = (code: number | null): void => {
      finish();
      reject(new Error(`orgplane exited (${String(code)}) before it was ready:\n${log()}`));
    };
    const finish = (): void => {
      clearTimeout(timer);
      child.stdout?.off('data', onData);
      child.off('exit', onExit);
    };
    child.stdout?.on('data', onData);
    child.once('exit', onExit);
  });
}

/** SIGTERM, then SIGKILL after 5 s; resolves once the process is gone. */
async function terminate(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => {
    child.once('exit', () => {
      resolve();
    });
  });
  child.kill('SIGTERM');
  const timer = setTimeout(() => {
    child.kill('SIGKILL');
  }, 5_000);
  await exited;
  clearTimeout(timer);
}

function startKubectlProcess(args: string[], opts: KubectlOptions): RunningKubectl {
  const child = spawn(KUBECTL, args, {
    env: { ...process.env, ...opts.env },
    stdio: [opts.stdin === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  const waiters = new Set<() => void>();
  const changed = (): void => {
    for (const w of waiters) w();
  };
  child.stdout?.on('data', (c: Buffer) => {
    stdout += c.toString('utf8');
    changed();
  });
  child.stderr?.on('data', (c: Buffer) => {
    stderr += c.toString('utf8');
    changed();
  });
  if (opts.stdin !== undefined) child.stdin?.end(opts.stdin);
  const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 30_000);
  const done = new Promise<KubectlResult>((resolve) => {
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? -1, stdout, stderr });
    });
    child.once('error', (err) => {
      clearTimeout(timer);
      resolve({ code: -1, stdout, stderr: `${stderr}${err.message}` });
    });
  });
  const output = (): string => stdout + stderr;
  return {
    output,
    done,
    waitFor: (re, timeoutMs = 10_000) =>
      new Promise((resolve, reject) => {
        const check = (): void => {
          if (!re.test(output())) return;
          cleanupWait();
          resolve();
        };
        const t = setTimeout(() => {
          cleanupWait();
          reject(new Error(`kubectl ${args.slice(4).join(' ')}: no ${String(re)} in:\n${output()}`));
        }, timeoutMs);
        const cleanupWait = (): void => {
          clearTimeout(t);
          waiters.delete(check);
        };
        waiters.add(check);
        check();
      }),
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      return done;
    },
  };
}
