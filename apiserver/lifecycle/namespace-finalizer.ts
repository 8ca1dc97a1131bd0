/**
 * Finishes namespace deletion (kube's namespace controller): for every namespace marked with a
 * deletionTimestamp, delete each namespaced object in it through the registry (so finalizers,
 * admission and quota bookkeeping apply), and once nothing is left drop the "kubernetes"
 * finalizer and remove the namespace.
 */
import type winston from 'winston';
import type { KubeObject } from '../../api/meta.js';
import type { UserInfo } from '../../api/user.js';
import { decode, encode } from '../storage/codec.js';
import { listPrefix, NAMESPACES_PREFIX, namespaceKey } from '../registry/keys.js';
import type { Registry } from '../registry/registry.js';
import { isStorageError } from '../storage/errors.js';

export const NAMESPACE_CONTROLLER: UserInfo = {
  username: 'system:serviceaccount:kube-system:namespace-controller',
  groups: ['system:serviceaccounts', 'system:authenticated', 'system:masters'],
};

/** Kinds whose objects outlive their namespace: the audit trail of a deleted organization stays. */
const KEPT = new Set(['orgplane.io/auditevents']);

/** Delete what is left in ns; returns how many objects remain (waiting on finalizers). */
async function emptyNamespace(registry: Registry, ns: string): Promise<number> {
  let remaining = 0;
  for (const res of registry.catalog.storedResources()) {
    if (!res.namespaced || KEPT.has(`${res.group}/${res.plural}`)) continue;
    const store = registry.store(res);
    const page = await registry.deps.storage.list(listPrefix(res, ns));
    for (const kv of page.items) {
      const obj = decode(kv);
      remaining++;
      if (obj.metadata.deletionTimestamp !== undefined) continue;
      await store
        .delete({ namespace: ns, name: obj.metadata.name ?? '', dryRun: false, user: NAMESPACE_CONTROLLER })
        .catch((err: unknown) => {
          if ((err as { code?: unknown }).code !== 404) throw err;
        });
    }
  }
  return remaining;
}

/** Remove the namespace key once empty; false when it changed meanwhile. */
async function removeNamespace(registry: Registry, ns: KubeObject, modRevision: number): Promise<boolean> {
  const key = namespaceKey(ns.metadata.name ?? '');
  const spec = (ns.spec ?? {}) as { finalizers?: string[] };
  const rest = (spec.finalizers ?? []).filter((f) => f !== 'kubernetes');
  const metaFinalizers = ns.metadata.finalizers ?? [];
  const storage = registry.deps.storage;
  if (rest.length === 0 && metaFinalizers.length === 0) {
    const r = await storage.txn({
      compares: [{ key, target: 'modRevision', op: '=', value: modRevision }],
      success: [{ type: 'delete', key }],
    });
    return r.succeeded;
  }
  const next = { ...ns, spec: { ...spec, finalizers: rest } };
  const r = await storage.txn({
    compares: [{ key, target: 'modRevision', op: '=', value: modRevision }],
    success: [{ type: 'put', key, value: encode(next) }],
  });
  return r.succeeded;
}

export class NamespaceFinalizer {
  private timer: NodeJS.Timeout | undefined;
  private running = false;

  constructor(
    private readonly registry: Registry,
    private readonly logger: winston.Logger,
    private readonly intervalMs = 500,
  ) {}

  start(): void {
    this.timer = setInterval(() => {
      void this.tick();
    }, this.intervalMs);
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }

  /** One pass over every terminating namespace. */
  async tick(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      const list = await this.registry.deps.storage.list(NAMESPACES_PREFIX);
      for (const kv of list.items) {
        const ns = decode(kv);
        if (ns.metadata.deletionTimestamp === undefined) continue;
        const left = await emptyNamespace(this.registry, ns.metadata.name ?? '');
        if (left === 0 && (await removeNamespace(this.registry, ns, kv.modRevision)))
          this.logger.info('namespace removed', { namespace: ns.metadata.name });
      }
    } catch (err) {
      // the next pass retries; a storage outage is reported like any other failure
      this.logger.warn('namespace finalizer pass failed', {
        error: String(err),
        storage: isStorageError(err) ? err.code : undefined,
      });
    } finally {
      this.running = false;
    }
  }
}
