/** Opens the configured backend: etcd when endpoints are given, else the embedded store. */
import { join } from 'node:path';
import { openEmbeddedStorage } from './embedded/index.js';
import { openEtcdStorage } from './etcd/index.js';
import type { Storage } from './interface.js';

export interface StorageConfig {
  readonly etcdServers?: readonly string[];
  readonly dataDir: string;
}

export async function openStorage(cfg: StorageConfig): Promise<Storage> {
  if (cfg.etcdServers && cfg.etcdServers.length > 0) return openEtcdStorage({ endpoints: cfg.etcdServers });
  return openEmbeddedStorage({ path: join(cfg.dataDir, 'store') });
}
