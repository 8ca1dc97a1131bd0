/**
 * Everything the benchmark starts (server children, etcd, temp dirs) registers here, so it is
 * stopped and removed on every way out: the normal finally (runAll), SIGINT/SIGTERM (runAll, then
 * exit), and process exit or an uncaught error (each entry's synchronous last resort).
 */
export interface Cleanup {
  /** orderly stop; must not throw */
  run(): Promise<void>;
  /** last resort at process exit: kill by pid, remove with rmSync; must not throw */
  runSync(): void;
}

const pending = new Set<Cleanup>();
let installed = false;
let interrupted = false;

function runAllSync(): void {
  for (const c of [...pending].reverse()) {
    try {
      c.runSync();
    } catch {
      // best effort: the process is exiting
    }
  }
  pending.clear();
}

function install(): void {
  if (installed) return;
  installed = true;
  process.once('exit', runAllSync);
  for (const sig of ['SIGINT', 'SIGTERM'] as const) {
    process.once(sig, () => {
      interrupted = true;
      console.error(`\n${sig}: stopping what the benchmark started`);
      void runAll().finally(() => process.exit(130));
    });
  }
}

/**
 * Register c; returns a function that runs it (once) and unregisters it. After SIGINT/SIGTERM,
 * c.runSync() runs at once and register throws, so nothing new outlives the interrupt.
 */
export function register(c: Cleanup): () => Promise<void> {
  install();
  if (interrupted) {
    c.runSync();
    throw new Error('interrupted');
  }
  pending.add(c);
  return async () => {
    if (!pending.delete(c)) return;
    await c.run();
  };
}

/** Run every registered cleanup, newest first. */
export async function runAll(): Promise<void> {
  for (const c of [...pending].reverse()) {
    pending.delete(c);
    await c.run();
  }
}
