/**
 * Finishes namespace deletion (kube's namespace controller). It follows namespaces through the
 * registry (served by the watch cache) and, for each one marked with a deletionTimestamp, deletes
 * every namespaced object in it through the registry (so finalizers, admission and quota
 * bookkeeping apply). Once nothing is left it removes the "kubernetes" spec finalizer with an
 * update of the `finalize` subresource; the registry then deletes the namespace (or leaves it to
 * its metadata finalizers). A namespace whose objects are still finalizing is woken by a watch on
 * their kinds (content-watch.ts) and retried with a backoff; a resync every `resyncMs` requeues
 * every terminating namespace as a safety net.
 */
import type winston from 'winston';
import type { KubeObject } from '../../api/meta.js';
import type { ResourceInfo } from '../../api/resource.js';
import { ContentWatches } from './content-watch.js';
import { hasCode, type SystemClient, NAMESPACE_CONTROLLER, systemWrite } from '../registry/system.js';
import { follow, type Following } from './follow.js';
import { emptyNamespace } from './namespace-content.js';
import { type Outcome, WorkQueue } from './queue.js';

export { NAMESPACE_CONTROLLER } from '../registry/system.js';

interface NamespaceShape {
  spec?: { finalizers?: string[] };
}

export class NamespaceFinalizer {
  private readonly terminating = new Set<string>();
  private readonly queue: WorkQueue;
  private readonly content: ContentWatches;
  private following: Following | undefined;
  private resync: NodeJS.Timeout | undefined;

  constructor(
    private readonly registry: SystemClient,
    private readonly logger: winston.Logger,
    private readonly resyncMs = 60_000,
  ) {
    this.queue = new WorkQueue((ns) => this.finish(ns), logger, 'namespace finalizer', 100, 5_000);
    this.content = new ContentWatches((ns) => {
      this.queue.add(ns);
    }, logger);
  }

  private get namespaces(): ResourceInfo {
    const res = this.registry.catalog.lookupResource('', 'namespaces');
    if (!res) throw new Error('namespaces are not served');
    return res;
  }

  start(): Promise<void> {
    this.following = follow(
      this.registry.store(this.namespaces),
      {
        sync: (items) => {
          this.terminating.clear();
          for (const ns of items) this.observe(ns, false);
        },
        event: (ev) => {
          this.observe(ev.object, ev.type === 'DELETED');
        },
      },
      this.logger,
      'namespace finalizer',
    );
    this.resync = setInterval(() => {
      for (const ns of this.terminating) this.queue.add(ns);
    }, this.resyncMs);
    this.resync.unref();
    return this.following.ready;
  }

  stop(): void {
    clearInterval(this.resync);
    this.following?.stop();
    this.queue.stop();
    this.content.stop();
  }

  private observe(ns: KubeObject, deleted: boolean): void {
    const name = ns.metadata.name ?? '';
    if (deleted || ns.metadata.deletionTimestamp === undefined) {
      this.terminating.delete(name);
      this.content.release(name);
      return;
    }
    this.terminating.add(name);
    this.queue.add(name);
  }

  /** One pass over a terminating namespace. */
  private async finish(name: string): Promise<Outcome> {
    const outcome = await this.pass(name);
    if (outcome === 'done') this.content.release(name);
    return outcome;
  }

  private async pass(name: string): Promise<Outcome> {
    if (!this.terminating.has(name)) return 'done';
    const store = this.registry.store(this.namespaces);
    const ns = await store.get('', name).catch((err: unknown) => {
      if (hasCode(err, 404)) return undefined;
      throw err;
    });
    if (ns?.metadata.deletionTimestamp === undefined) return 'done';
    if ((await emptyNamespace(this.registry, this.content, name)) > 0) return 'wait';
    const spec = (ns as KubeObject & NamespaceShape).spec ?? {};
    const finalizers = spec.finalizers ?? [];
    if (!finalizers.includes('kubernetes')) return 'done';
    const next = { ...ns, spec: { ...spec, finalizers: finalizers.filter((f) => f !== 'kubernetes') } };
    const opts = systemWrite(NAMESPACE_CONTROLLER, 'namespace-controller', 'finalize');
    try {
      await store.update('', name, next, opts);
    } catch (err) {
      if (!hasCode(err, 409)) throw err;
      this.logger.debug('namespace changed while finalizing; retrying', { namespace: name });
      return 'wait';
    }
    this.logger.info('namespace finalized', { namespace: name });
    return 'done';
  }
}
