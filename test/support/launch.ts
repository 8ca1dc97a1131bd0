/**
 * How a test or benchmark starts the orgplane command as users do: the built script executed
 * through its shebang line. A line `#!/usr/bin/env -S NAME=VALUE... node` sets the environment the
 * process needs from its first instruction (glibc's malloc tunables); it is honoured here too when
 * node flags are added (e.g. --cpu-prof, which NODE_OPTIONS refuses), by running env with the same
 * assignments. env executes node in its own process, so the child's pid is node's.
 */
import { readFileSync } from 'node:fs';

export interface Launch {
  readonly command: string;
  readonly args: string[];
}

const ENV_SHEBANG = /^#!(\/usr\/bin\/env) -S (.*)$/;

export function launch(script: string, nodeArgs: readonly string[] = []): Launch {
  const first = readFileSync(script, 'utf8').split('\n', 1)[0] ?? '';
  const m = ENV_SHEBANG.exec(first);
  const assignments = (m?.[2] ?? '').split(/\s+/).filter((t) => /^[A-Za-z_][A-Za-z0-9_]*=/.test(t));
  if (!m?.[1] || assignments.length === 0) return { command: process.execPath, args: [...nodeArgs, script] };
  return { command: m[1], args: [...assignments, process.execPath, ...nodeArgs, script] };
}
