import { spawn, execFile } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const script = fileURLToPath(new URL('../../hack/etcd.sh', import.meta.url));

/** A throwaway etcd on loopback ports, started by hack/etcd.sh. Members are numbered from 1. */
export interface EtcdServer {
  readonly endpoints: readonly string[];
  readonly dir: string;
  /** Kill a member hard (SIGKILL, default m1); resolves once it is gone. */
  kill(member?: number): Promise<void>;
  /** Start a member again after kill(), with its data and ports; resolves when it serves. */
  restart(member?: number): Promise<void>;
  /** Kill every member at once (the whole cluster down); restartAll() brings them back. */
  killAll(): Promise<void>;
  /** Start every killed member; resolves when every member serves (a leader is elected). */
  restartAll(): Promise<void>;
  /** The member that leads the raft group now (maintenance status of each live member). */
  leader(): Promise<number>;
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
  const pidFile = (m: number): string => join(dir, `m${String(m)}.pid`);
  const endpoint = (m: number): string => {
    const e = endpoints[m - 1];
    if (e === undefined) throw new Error(`no etcd member m${String(m)}`);
    return e;
  };
  /** the command line of each killed member, to start it again */
  const argvs = new Map<number, string[]>();

  const kill = async (member = 1): Promise<void> => {
    endpoint(member);
    const pid = Number(await readFile(pidFile(member), 'utf8'));
    argvs.set(
      member,
      (await readFile(`/proc/${pid}/cmdline`, 'utf8')).split('\0').filter((a) => a !== ''),
    );
    process.kill(pid, 'SIGKILL');
    while (await alive(pid)) await delay(20);
  };
  const spawnAgain = async (member: number): Promise<void> => {
    const [bin, ...rest] = argvs.get(member) ?? [];
    if (bin === undefined) throw new Error(`restart(${String(member)}) needs a kill() first`);
    argvs.delete(member);
    const child = spawn(bin, rest, { detached: true, stdio: 'ignore' });
    child.unref();
    await writeFile(pidFile(member), String(child.pid));
  };
  const restart = async (member = 1): Promise<void> => {
    await spawnAgain(member);
    await waitHealthy(endpoint(member));
  };
  const members = endpoints.map((_, i) => i + 1);
  const killAll = async (): Promise<void> => {
    await Promise.all(members.map((m) => kill(m)));
  };
  const restartAll = async (): Promise<void> => {
    const down = members.filter((m) => argvs.has(m));
    for (const m of down) await spawnAgain(m);
    await Promise.all(down.map((m) => waitHealthy(endpoint(m))));
  };
  const leader = async (): Promise<number> => {
    for (let i = 0; i < 100; i++) {
      for (const m of members) {
        if (argvs.has(m)) continue;
        const st = await memberStatus(endpoint(m));
        if (st && st.leader !== '0' && st.leader === st.memberId) return m;
      }
      await delay(100);
    }
    throw new Error('no etcd member reports itself the leader');
  };
  const stop = async (): Promise<void> => {
    await run(script, ['stop', '--dir', dir], { timeout: 30_000 });
  };
  return { endpoints, dir, kill, restart, killAll, restartAll, leader, stop };
}

/** etcd's maintenance status through its JSON gateway: this member's id and the leader's. */
async function memberStatus(endpoint: string): Promise<{ memberId: string; leader: string } | undefined> {
  try {
    const res = await fetch(`${endpoint}/v3/maintenance/status`, { method: 'POST', body: '{}' });
    if (!res.ok) return undefined;
    const body = (await res.json()) as { header?: { member_id?: string }; leader?: string };
    return { memberId: body.header?.member_id ?? '', leader: body.leader ?? '0' };
  } catch {
    return undefined;
  }
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
