/**
 * The stores `orgplane backup`, `restore` and `migrate` read and write, always the raw backend
 * (below the encryption decorator, so Secrets are moved as ciphertext): a stopped data dir's
 * embedded store (`<dir>/store`; a running server holds its lock, use --kubeconfig) or etcd.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { openEmbeddedStorage } from '../../apiserver/storage/embedded/index.js';
import { openEtcdStorage } from '../../apiserver/storage/etcd/index.js';
import type { Storage } from '../../apiserver/storage/interface.js';
import { internalKey } from '../../apiserver/registry/keys.js';

export interface StoreFlags {
  readonly dataDir?: string | undefined;
  readonly etcdServers?: readonly string[] | undefined;
}

/**
 * etcd when servers are given, else the data dir's embedded store: a source must exist, a target
 * is created, its revision counter starting at initialRevision.
 */
export async function openStore(
  flags: StoreFlags,
  use: { readonly source: true } | { readonly initialRevision: number },
): Promise<Storage> {
  if (flags.etcdServers && flags.etcdServers.length > 0)
    return openEtcdStorage({ endpoints: flags.etcdServers });
  if (flags.dataDir === undefined) throw new Error('give --data-dir DIR or --etcd-servers URLS');
  const path = join(flags.dataDir, 'store');
  if ('source' in use && !existsSync(path)) throw new Error(`${flags.dataDir} holds no embedded store`);
  return openEmbeddedStorage({
    path,
    leaseCheckIntervalMs: 0,
    ...('initialRevision' in use ? { initialRevision: use.initialRevision } : {}),
  });
}

/** How the store is named in messages. */
export function describeStore(flags: StoreFlags): string {
  return flags.etcdServers && flags.etcdServers.length > 0
    ? `etcd at ${flags.etcdServers.join(',')}`
    : `the embedded store in ${flags.dataDir ?? '?'}`;
}

/**
 * The audit trail's lease-bucket records hold the source's lease ids; the server recreates them
 * on demand, so a restore leaves them out (the AuditEvents themselves get a fresh lease).
 */
const LEASE_BUCKETS = internalKey('audit', 'lease-buckets', '');
export const skipLeaseRecords = (key: string): boolean => key.startsWith(LEASE_BUCKETS);

/** A progress line on stderr at most every 1000 objects (and for the last one). */
export function progress(verb: string): (done: number, total?: number) => void {
  let shown = 0;
  return (done, total) => {
    if (done - shown < 1000 && done !== total) return;
    shown = done;
    process.stderr.write(
      `${verb} ${String(done)}${total === undefined ? '' : `/${String(total)}`} objects\n`,
    );
  };
}

/** A progress line on stderr while the target's revision is advanced past the backup's. */
export function revisionProgress(target: number): (current: number) => void {
  let shown = 0;
  return (current) => {
    if (current - shown < 10_000) return;
    shown = current;
    process.stderr.write(`advancing the revision past the backup's: ${String(current)}/${String(target)}\n`);
  };
}
