/**
 * The server's watch cache. Over a storage that cannot read a version back by revision (etcd),
 * the cache's texts go to a spill file in the data dir (cache/spill.ts), Secrets' excepted: they
 * stay in memory, as no plaintext Secret may reach a local file. When the file cannot be opened
 * the texts stay in memory and the server says so. The file is opened while the server starts.
 * Servers may share a data dir (several API servers on one etcd): each has its own file, in
 * watch-cache/<pid>, and removes those of processes no longer running.
 */
import { readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type winston from 'winston';
import { WatchCache, type WatchCacheOptions } from '../cache/cacher.js';
import type { CacheSpill } from '../cache/spill.js';
import { watchCacheMetrics } from '../observability/watch-cache-metrics.js';
import type { Metrics } from '../observability/metrics.js';
import { SECRETS_PREFIX } from '../registry/keys.js';
import type { Storage } from '../storage/interface.js';
import { processAlive } from '../storage/process.js';

export interface ServerWatchCache {
  readonly cache: WatchCache;
  /** stops the cache and closes its spill file */
  stop(): Promise<void>;
}

export function openWatchCache(
  storage: Storage,
  opts: Omit<WatchCacheOptions, 'logger' | 'metrics' | 'texts'>,
  env: { readonly dataDir: string; readonly logger: winston.Logger; readonly metrics: Metrics },
): ServerWatchCache {
  const { logger } = env;
  const spill = storage.valueAt ? undefined : openSpill(join(env.dataDir, 'watch-cache'), logger);
  const cache = new WatchCache(storage, {
    ...opts,
    logger,
    metrics: watchCacheMetrics(env.metrics),
    ...(spill ? { texts: spill } : {}),
  });
  return {
    cache,
    stop: async () => {
      cache.stop();
      await (await spill)?.close();
    },
  };
}

async function openSpill(parent: string, logger: winston.Logger): Promise<CacheSpill | undefined> {
  const dir = join(parent, String(process.pid));
  try {
    await removeAbandoned(parent);
    const { CacheSpill } = await import('../cache/spill.js');
    return await CacheSpill.open(dir, { inMemory: (prefix) => prefix === SECRETS_PREFIX, logger });
  } catch (err) {
    logger.warn('watch cache: cannot open its spill file; object texts stay in memory', {
      dir,
      error: String(err),
    });
    return undefined;
  }
}

/** Removes the spill files in parent of processes that are not running. */
export async function removeAbandoned(parent: string): Promise<void> {
  const names = await readdir(parent).catch(() => []);
  for (const name of names) {
    const pid = Number(name);
    if (Number.isSafeInteger(pid) && pid > 0 && pid !== process.pid && !processAlive(pid))
      await rm(join(parent, name), { recursive: true, force: true });
  }
}
