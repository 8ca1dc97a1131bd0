/**
 * The garbage collector (kube's GC controller, reduced to what ownerReferences promise):
 * - a dependent whose every owner is gone is deleted (background cascading);
 * - an owner being deleted with the foregroundDeletion finalizer has its dependents deleted, and
 *   loses the finalizer once none are left;
 * - an owner being deleted with the orphan finalizer has its references removed from its
 *   dependents, then loses the finalizer.
 * It follows every stored kind through the registry (the watch cache serves one watch per kind,
 * all sharing one storage watch), keeps a graph of owners and dependents (gc-graph.ts, no copy
 * of the objects) and works through a queue whose failures are logged and retried with backoff.
 */
import type winston from 'winston';
import type { KubeObject, OwnerReference } from '../../api/meta.js';
import type { Store } from '../registry/store.js';
import type { ObjectEvent } from '../registry/watch.js';
import { hasCode, type SystemClient, NAMESPACE_CONTROLLER, systemWrite } from '../registry/system.js';
import { follow, type Following } from './follow.js';
import { GcGraph, mayBeInvolved, type GcNode, type Kind } from './gc-graph.js';
import { WorkQueue } from './queue.js';

const GC_USER = {
  ...NAMESPACE_CONTROLLER,
  username: 'system:serviceaccount:kube-system:generic-garbage-collector',
};

const kindKey = (k: Kind): string => `${k.group}/${k.plural}`;

/**
 * Each stored text decoded when the collector may act on its object, else undefined: a text with
 * none of MARKS is not decoded at all (most objects: the collector's start reads every one).
 */
function* actionable(texts: Iterable<string>): Generator<KubeObject | undefined> {
  for (const t of texts) yield mayBeInvolved(t) ? (JSON.parse(t) as KubeObject) : undefined;
}

export class GarbageCollector {
  private readonly graph = new GcGraph();
  private readonly followed = new Map<string, Following>();
  private readonly queue: WorkQueue;
  private stopped = false;

  constructor(
    private readonly registry: SystemClient,
    private readonly logger: winston.Logger,
  ) {
    this.queue = new WorkQueue(
      async (uid) => {
        await this.process(uid);
        return 'done';
      },
      logger,
      'garbage collector',
      100,
      10_000,
    );
  }

  /** Resolves once every kind served now has been listed. */
  start(): Promise<void> {
    this.registry.catalog.onChange(() => {
      this.followCatalog();
    });
    this.followCatalog();
    return Promise.all([...this.followed.values()].map((f) => f.ready)).then(() => undefined);
  }

  stop(): void {
    this.stopped = true;
    for (const f of this.followed.values()) f.stop();
    this.followed.clear();
    this.queue.stop();
  }

  private look(uids: readonly string[]): void {
    for (const uid of uids) this.queue.add(uid);
  }

  /** Follow every stored kind of the catalog, and only those. */
  private followCatalog(): void {
    if (this.stopped) return;
    const served = new Map(this.registry.catalog.storedResources().map((r) => [kindKey(r), r]));
    for (const [key, f] of this.followed)
      if (!served.has(key)) {
        f.stop();
        this.followed.delete(key);
        const [group = '', plural = ''] = key.split('/');
        this.look(this.graph.drop({ group, plural }));
      }
    for (const [key, res] of served) {
      if (this.followed.has(key)) continue;
      const kind = { group: res.group, plural: res.plural };
      const handler = {
        syncTexts: async (texts: Iterable<string>) => {
          this.look(await this.graph.resyncGradually(kind, actionable(texts)));
        },
        event: (ev: ObjectEvent) => {
          // most events (agents, Events, audit records) concern nothing the graph holds: not decoded
          if (ev.raw !== undefined && !this.graph.concerns(ev.raw)) return;
          const uid = ev.object.metadata.uid;
          if (ev.type === 'DELETED') this.look(uid === undefined ? [] : this.graph.forget(uid));
          else this.look(this.graph.observe(kind, ev.object));
        },
      };
      this.followed.set(
        key,
        follow(this.registry.store(res), handler, this.logger, `garbage collector (${key})`),
      );
    }
  }

  private async process(uid: string): Promise<void> {
    const node = this.graph.get(uid);
    if (!node) return;
    if (node.deleting && node.finalizers.includes('orphan')) return this.orphan(node);
    if (node.deleting && node.finalizers.includes('foregroundDeletion')) return this.foreground(node);
    if (node.owners.length === 0 || node.owners.some((o) => this.graph.has(o.uid))) return;
    const live = await Promise.all(node.owners.map((o) => this.ownerExists(node, o)));
    if (!live.includes(true)) await this.deleteNode(node);
  }

  /** A consistent read of an owner: the graph may not have seen it yet. */
  private async ownerExists(node: GcNode, ref: OwnerReference): Promise<boolean> {
    const [group, version] = ref.apiVersion.includes('/') ? ref.apiVersion.split('/') : ['', ref.apiVersion];
    const res = this.registry.catalog.lookupKind(group ?? '', version ?? '', ref.kind);
    if (!res) return false;
    try {
      const owner = await this.registry.store(res).get(res.namespaced ? node.namespace : '', ref.name);
      return owner.metadata.uid === ref.uid;
    } catch (err) {
      if (hasCode(err, 404)) return false;
      throw err;
    }
  }

  private store(node: GcNode): Store | undefined {
    const res = this.registry.catalog.lookupResource(node.group, node.plural);
    return res ? this.registry.store(res) : undefined;
  }

  private async deleteNode(node: GcNode, policy?: 'Foreground'): Promise<void> {
    if (node.deleting) return;
    await this.store(node)
      ?.delete({
        namespace: node.namespace,
        name: node.name,
        preconditions: { uid: node.uid },
        ...(policy ? { propagationPolicy: policy } : {}),
        dryRun: false,
        user: GC_USER,
      })
      .catch((err: unknown) => {
        if (!hasCode(err, 404)) throw err;
      });
  }

  private async patchMeta(node: GcNode, patch: Record<string, unknown>): Promise<void> {
    const opts = { ...systemWrite(GC_USER, 'generic-garbage-collector'), force: false };
    const body = { metadata: { ...patch, resourceVersion: node.resourceVersion } };
    await this.store(node)?.patch(node.namespace, node.name, 'merge', body, opts);
  }

  private async foreground(node: GcNode): Promise<void> {
    const deps = this.graph.dependentsOf(node.uid);
    for (const d of deps) await this.deleteNode(d, 'Foreground');
    if (deps.length > 0) return;
    const rest = node.finalizers.filter((f) => f !== 'foregroundDeletion');
    await this.patchMeta(node, { finalizers: rest.length > 0 ? rest : null });
  }

  private async orphan(node: GcNode): Promise<void> {
    for (const dep of this.graph.dependentsOf(node.uid)) {
      const refs = dep.owners.filter((o) => o.uid !== node.uid);
      await this.patchMeta(dep, { ownerReferences: refs.length > 0 ? refs : null });
    }
    const rest = node.finalizers.filter((f) => f !== 'orphan');
    await this.patchMeta(node, { finalizers: rest.length > 0 ? rest : null });
  }
}
