/**
 * `npx orgplane up` runs us as npm → sh → node, and npm does not forward SIGTERM: killing the npx
 * process would leave the server running with nobody to stop it. When started through `npm exec`
 * (npm sets npm_command=exec), stop once the npm process above us is gone. Started any other way
 * (systemd, a shell, node directly), nothing changes. Linux: reads /proc; elsewhere a no-op.
 */
import { readFileSync } from 'node:fs';

function parentOf(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[1]);
  } catch {
    return undefined;
  }
}

export function stopWhenNpxExits(stop: () => void, env = process.env, intervalMs = 1000): void {
  if (env.npm_command !== 'exec') return;
  const parent = process.ppid;
  const grandparent = parentOf(parent);
  if (grandparent === undefined) return;
  const timer = setInterval(() => {
    if (process.ppid !== parent || parentOf(parent) !== grandparent) {
      clearInterval(timer);
      stop();
    }
  }, intervalMs);
  timer.unref();
}
