import { spawn, execFile } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const script = fileURLToPath(new URL('../../hack/etcd.sh', import.meta.url));

/** A throwaway etcd on loopback ports, started by hack/etcd.sh. */
export interface EtcdServer {
  readonly endpoints: readonly string[];
  readonly dir: string;
  /** Kill member m1 hard (SIGKILL); resolves once it is gone. */
  kill(): Promise<void>;
  /** Start member m1 again after kill(), with its data and ports; resolves when it serves. */
  restart(): Promise<void>;
  /** Stop every member and delete the data dir. */
  stop(): Promise<void>;
}

export interface StartEtcdOptions {
  readonly members?: 1 | 3;
  /** fsync every commit, as in production (benchmarks); tests leave it off for speed */
  readonly fsync?: boolean;
}

export async function startEtcd(opts: StartEtcdOptions = {}): Promise<EtcdServer> {
  const args = ['start', '--members', String(opts.members ?? 1)];
  if (opts.fsync !== true) args.push('--no-fsync');
  const { stdout } = await run(script, args, { timeout: 60_000 });
  const value = (name: string): string => {
    const line = stdout.split('\n').find((l) => l.startsWith(`${name}=`));
    if (line === undefined) throw new Error(`hack/etcd.sh printed no ${name}: ${stdout}`);
    return line.slice(name.length + 1);
  };
  const dir = value('ETCD_DIR');
  const endpoints = value('ETCD_ENDPOINTS').split(',');
  const pidFile = join(dir, 'm1.pid');
  let argv: string[] = [];

  const kill = async (): Promise<void> => {
    const pid = Number(await readFile(pidFile, 'utf8'));
    argv = (await readFile(`/proc/${pid}/cmdline`, 'utf8')).split('\0').filter((a) => a !== '');
    process.kill(pid, 'SIGKILL');
    while (await alive(pid)) await delay(20);
  };
  const restart = async (): Promise<void> => {
    const [bin, ...rest] = argv;
    if (bin === undefined) throw new Error('restart() needs a kill() first');
    const child = spawn(bin, rest, { detached: true, stdio: 'ignore' });
    child.unref();
    await writeFile(pidFile, String(child.pid));
    await waitHealthy(endpoints[0] ?? '');
  };
  const stop = async (): Promise<void> => {
    await run(script, ['stop', '--dir', dir], { timeout: 30_000 });
  };
  return { endpoints, dir, kill, restart, stop };
}

const delay = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

async function alive(pid: number): Promise<boolean> {
  try {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
    return !/^\d+ \(.*\) Z/.test(stat);
  } catch {
    return false;
  }
}

async function waitHealthy(endpoint: string): Promise<void> {
  for (let i = 0; i < 150; i++) {
    try {
      const res = await fetch(`${endpoint}/health`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await delay(100);
  }
  throw new Error(`etcd at ${endpoint} did not become healthy`);
}
