/**
 * What /proc says about a process tree (Linux): CPU time (utime+stime of the process and its live
 * descendants, plus cutime+cstime of the children they reaped) and anonymous resident memory.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

let ticksPerSecond: number | undefined;

function clockTicks(): number {
  if (ticksPerSecond === undefined) {
    try {
      ticksPerSecond = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      ticksPerSecond = 100;
    }
  }
  return ticksPerSecond;
}

interface Stat {
  readonly ppid: number;
  /** utime + stime + cutime + cstime, in clock ticks */
  readonly ticks: number;
}

function readStat(pid: number): Stat | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the parenthesised command name: state ppid ... utime(14) stime cutime cstime.
    const f = text.slice(text.lastIndexOf(')') + 2).split(' ');
    const n = (i: number): number => Number(f[i - 3]);
    return { ppid: n(4), ticks: n(14) + n(15) + n(16) + n(17) };
  } catch {
    return undefined;
  }
}

function descendants(root: number): number[] {
  const parent = new Map<number, number>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const st = readStat(Number(name));
    if (st) parent.set(Number(name), st.ppid);
  }
  const out: number[] = [];
  const frontier = [root];
  while (frontier.length > 0) {
    const p = frontier.pop()!;
    for (const [pid, ppid] of parent) {
      if (ppid === p) {
        out.push(pid);
        frontier.push(pid);
      }
    }
  }
  return out;
}

/** CPU milliseconds used so far by pid and its descendants (0 when pid is gone). */
export function cpuMs(pid: number): number {
  const pids = [pid, ...descendants(pid)];
  const ticks = pids.reduce((sum, p) => sum + (readStat(p)?.ticks ?? 0), 0);
  return (ticks * 1000) / clockTicks();
}

/** RssAnon of pid in bytes (anonymous resident memory; file-backed pages such as LMDB's map aside). */
export function rssAnonBytes(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const m = /^RssAnon:\s+(\d+) kB/m.exec(status);
  if (!m) throw new Error(`/proc/${pid}/status has no RssAnon`);
  return Number(m[1]) * 1024;
}

/** What settle() found: when the process went quiet, and its CPU time then. */
export interface Settled {
  /** ms from the call until the start of the first quiet second (capMs when it never came) */
  readonly ms: number;
  readonly cpuMs: number;
  readonly capped: boolean;
}

/**
 * Waits until pid has finished the work it still had (the controllers reconciling what the
 * benchmark created): the first whole second in which it used under 10 % of a core (its reconciling
 * keeps it above 80 %), at most capMs.
 */
export async function settle(pid: number, capMs: number): Promise<Settled> {
  const t0 = performance.now();
  let at = t0;
  let cpu = cpuMs(pid);
  while (at - t0 < capMs) {
    await new Promise((r) => setTimeout(r, 1000));
    const now = performance.now();
    const used = cpuMs(pid);
    if (used - cpu < 0.1 * (now - at)) return { ms: at - t0, cpuMs: cpu, capped: false };
    at = now;
    cpu = used;
  }
  return { ms: capMs, cpuMs: cpu, capped: true };
}
