import { unavailable } from '../errors.js';
import type { Storage } from '../interface.js';
import { EtcdRpc, createClient, type EtcdClientOptions } from './client.js';
import { cleanMessage } from './map-error.js';
import { currentRevision } from './reads.js';
import { EtcdStorage } from './storage.js';

export interface EtcdStorageOptions extends EtcdClientOptions {
  /** how long open() keeps trying to reach etcd before failing with Unavailable (default 5000 ms) */
  readonly connectTimeoutMs?: number;
}

/**
 * Connect to etcd and return the Storage on it. Fails with one short StorageError Unavailable when
 * no endpoint answers within connectTimeoutMs.
 */
export async function openEtcdStorage(opts: EtcdStorageOptions): Promise<Storage> {
  if (opts.endpoints.length === 0) throw unavailable('no etcd endpoints given');
  const client = createClient(opts);
  const rpc = new EtcdRpc(client, opts.attempts);
  const deadline = Date.now() + (opts.connectTimeoutMs ?? 5000);
  for (;;) {
    try {
      await currentRevision(rpc);
      return new EtcdStorage(rpc);
    } catch (err) {
      if (Date.now() >= deadline) {
        client.close();
        const reason =
          err instanceof Error ? cleanMessage(err.message).replace(/^etcd unavailable: /, '') : '';
        throw unavailable(`cannot reach etcd at ${opts.endpoints.join(',')}: ${reason}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
}

export type { EtcdClientOptions };
