import { openEtcdStorage } from '../../apiserver/storage/etcd/index.js';
import type { Storage } from '../../apiserver/storage/interface.js';
import { embeddedBackend } from './embedded-backend.js';
import { startEtcd, type EtcdServer } from './etcd.js';

/** One storage backend under test: open() as many stores as needed, cleanup() releases them all. */
export interface StorageBackend {
  readonly name: 'etcd' | 'embedded';
  /** A Storage on this backend (etcd: a client of one shared throwaway server; embedded: a fresh dir). */
  open(): Promise<Storage>;
  /** Close every Storage opened and remove the server or data dirs. */
  cleanup(): Promise<void>;
}

/**
 * etcd backend on a throwaway server, started at the first open(). ORGPLANE_TEST_ETCD_MEMBERS=3 runs
 * the suites against a 3-member cluster.
 */
export function etcdBackend(opts: { readonly fsync?: boolean } = {}): StorageBackend {
  const members = process.env.ORGPLANE_TEST_ETCD_MEMBERS === '3' ? 3 : 1;
  let server: Promise<EtcdServer> | undefined;
  const stores: Storage[] = [];
  return {
    name: 'etcd',
    async open() {
      server ??= startEtcd({ members, fsync: opts.fsync ?? false });
      const { endpoints } = await server;
      const store = await openEtcdStorage({ endpoints });
      stores.push(store);
      return store;
    },
    async cleanup() {
      await Promise.all(stores.splice(0).map((s) => s.close()));
      const started = server;
      server = undefined;
      if (started !== undefined) await (await started).stop();
    },
  };
}

/** Every backend the conformance suite runs against. */
export const backends: readonly StorageBackend[] = [etcdBackend(), embeddedBackend()];
