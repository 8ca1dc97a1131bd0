/**
 * The API server's health checks. /livez: the process answers and reaches its storage. /readyz:
 * that, plus the start-up work done (watch-fed caches synced, bootstrap policy reconciled),
 * signing keys loaded, and not shutting down.
 */
import type { Storage } from '../storage/interface.js';
import type { Check, HealthChecks } from './health.js';

export interface ServerHealthDeps {
  readonly storage: Pick<Storage, 'name' | 'currentRevision'>;
  /** true once caches synced and the server listens */
  readonly started: () => boolean;
  readonly shuttingDown: () => boolean;
  /** how many token signing keys are loaded */
  readonly signingKeys: () => number;
}

const ok = (): Promise<undefined> => Promise.resolve(undefined);

export function healthChecks(deps: ServerHealthDeps): HealthChecks {
  const storageCheck: Check = async () => {
    await deps.storage.currentRevision();
    return undefined;
  };
  const storageName = deps.storage.name === 'etcd' ? 'etcd' : 'storage';
  const live = new Map<string, Check>([
    ['ping', ok],
    [storageName, storageCheck],
  ]);
  const ready = new Map<string, Check>([
    ...live,
    ['informer-sync', () => Promise.resolve(deps.started() ? undefined : 'caches not synced yet')],
    ['signing-keys', () => Promise.resolve(deps.signingKeys() > 0 ? undefined : 'no signing key loaded')],
    ['shutdown', () => Promise.resolve(deps.shuttingDown() ? 'process is shutting down' : undefined)],
  ]);
  return { live, ready };
}
