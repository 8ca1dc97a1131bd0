/**
 * `orgplane controllers` as a child process for fault tests: leader-elected on the default Lease
 * with short timings, so a takeover happens within seconds; its output is kept for assertions.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { binary, repoRoot } from './e2e.js';

export interface ControllersProcess {
  readonly identity: string;
  readonly child: ChildProcess;
  /** everything it printed so far (stdout and stderr) */
  log(): string;
  /** SIGKILL/SIGTERM: resolves when it is gone; SIGSTOP/SIGCONT: resolves at once */
  signal(signal: NodeJS.Signals): Promise<void>;
}

export const LEASE_PATH =
  '/apis/coordination.k8s.io/v1/namespaces/orgplane-system/leases/orgplane-controllers';

/** Lease 6 s, renew deadline 4 s, retry 1 s: a takeover within about 7 s of the leader's end. */
export async function startControllersProcess(
  kubeconfig: string,
  identity: string,
  opts: { readonly billingConfig?: string; readonly env?: Record<string, string> } = {},
): Promise<ControllersProcess> {
  const args = [
    binary,
    'controllers',
    '--kubeconfig',
    kubeconfig,
    '--identity',
    identity,
    '--leader-elect-lease-duration',
    '6s',
    '--leader-elect-renew-deadline',
    '4s',
    '--leader-elect-retry-period',
    '1s',
    ...(opts.billingConfig !== undefined ? ['--billing-config', opts.billingConfig] : []),
  ];
  const child = spawn(process.execPath, args, {
    cwd: repoRoot,
    env: { ...process.env, ...opts.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  child.stdout.on('data', (c: Buffer) => (log += c.toString('utf8')));
  child.stderr.on('data', (c: Buffer) => (log += c.toString('utf8')));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      reject(new Error(`orgplane controllers did not start in 30 s:\n${log}`));
    }, 30_000);
    const onData = (): void => {
      if (!log.includes('orgplane controllers running')) return;
      clearTimeout(timer);
      child.stdout.off('data', onData);
      resolve();
    };
    child.stdout.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`orgplane controllers exited (${String(code)}):\n${log}`));
    });
  });
  return {
    identity,
    child,
    log: () => log,
    signal: async (signal) => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      if (signal === 'SIGSTOP' || signal === 'SIGCONT') {
        child.kill(signal);
        return;
      }
      const gone = once(child, 'exit');
      child.kill(signal);
      await gone;
    },
  };
}

/** Polls `probe` every 100 ms until it returns a value, or throws after timeoutMs. */
export async function until<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  timeoutMs: number,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe().catch(() => undefined);
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out after ${String(timeoutMs)} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
