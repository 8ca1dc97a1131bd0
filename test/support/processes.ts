/** Linux process lookups through /proc, for tests that must leave no process behind. */
import { readdir, readFile } from 'node:fs/promises';

interface Proc {
  readonly pid: number;
  readonly ppid: number;
  /** R, S, D, Z (exited, not yet reaped), X (dead), ... */
  readonly state: string;
  readonly cmdline: string;
}

async function readProc(pid: number): Promise<Proc | undefined> {
  try {
    const stat = await readFile(`/proc/${String(pid)}/stat`, 'utf8');
    const cmdline = await readFile(`/proc/${String(pid)}/cmdline`, 'utf8').catch(() => '');
    // pid (comm) state ppid ...; comm may hold spaces and parentheses
    const [state = '', ppid = '0'] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { pid, ppid: Number(ppid), state, cmdline: cmdline.replaceAll('\0', ' ') };
  } catch {
    return undefined;
  }
}

async function allProcs(): Promise<Proc[]> {
  const pids = (await readdir('/proc')).filter((d) => /^\d+$/.test(d)).map(Number);
  return (await Promise.all(pids.map(readProc))).filter((p) => p !== undefined);
}

/** Is pid a live process (neither gone nor a zombie awaiting its parent)? */
export async function isRunning(pid: number): Promise<boolean> {
  const p = await readProc(pid);
  return p !== undefined && p.state !== 'Z' && p.state !== 'X';
}

/** root and its live descendants, plus live processes whose command line contains `marker`. */
export async function processGroupOf(root: number, marker?: string): Promise<number[]> {
  const procs = (await allProcs()).filter((p) => p.state !== 'Z' && p.state !== 'X');
  const found = new Set<number>([root]);
  for (let grew = true; grew;) {
    grew = false;
    for (const p of procs)
      if (!found.has(p.pid) && (found.has(p.ppid) || (marker !== undefined && p.cmdline.includes(marker)))) {
        found.add(p.pid);
        grew = true;
      }
  }
  return [...found];
}
