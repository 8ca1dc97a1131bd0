/**
 * The garbage collector (kube's GC controller, reduced to what ownerReferences promise):
 * - a dependent whose every owner is gone is deleted (background cascading);
 * - an owner being deleted with the foregroundDeletion finalizer has its dependents deleted, and
 *   loses the finalizer once none are left;
 * - an owner being deleted with the orphan finalizer has its references removed from its
 *   dependents, then loses the finalizer.
 * It follows one watch over every object (an index uid → object) and works through a queue.
 */
import type winston from 'winston';
import type { KubeObject, OwnerReference } from '../../api/meta.js';
import { OBJECTS_PREFIX, objectKey, parseObjectKey } from '../registry/keys.js';
import { decode } from '../storage/codec.js';
import type { Registry } from '../registry/registry.js';
import type { WriteOptions } from '../registry/types.js';
import { NAMESPACE_CONTROLLER } from './namespace-finalizer.js';

interface Node {
  readonly group: string;
  readonly plural: string;
  readonly obj: KubeObject;
}

const GC_USER = {
  ...NAMESPACE_CONTROLLER,
  username: 'system:serviceaccount:kube-system:generic-garbage-collector',
};

export class GarbageCollector {
  private readonly nodes = new Map<string, Node>();
  private readonly dependents = new Map<string, Set<string>>();
  private readonly queue = new Set<string>();
  private stopped = false;
  private stopWatch = (): void => undefined;
  private draining = false;

  constructor(
    private readonly registry: Registry,
    private readonly logger: winston.Logger,
  ) {}

  start(): void {
    void this.follow();
  }

  stop(): void {
    this.stopped = true;
    this.stopWatch();
  }

  private async follow(): Promise<void> {
    while (!this.stopped) {
      this.nodes.clear();
      this.dependents.clear();
      const w = this.registry.deps.storage.watch(OBJECTS_PREFIX, { initialState: true });
      this.stopWatch = () => {
        w.stop();
      };
      try {
        for await (const ev of w) {
          const where = parseObjectKey(ev.key);
          if (!where) continue;
          this.observe(where, decode(ev.kv), ev.type === 'delete');
        }
      } catch (err) {
        this.logger.warn('garbage collector watch ended; restarting', { error: String(err) });
        await new Promise((r) => setTimeout(r, 500));
      }
    }
  }

  private observe(where: { group: string; plural: string }, obj: KubeObject, deleted: boolean): void {
    const uid = obj.metadata.uid;
    if (uid === undefined) return;
    const owners = obj.metadata.ownerReferences ?? [];
    if (deleted) {
      this.forget(uid, owners);
    } else {
      this.nodes.set(uid, { ...where, obj });
      for (const o of owners) {
        let set = this.dependents.get(o.uid);
        if (!set) this.dependents.set(o.uid, (set = new Set()));
        set.add(uid);
        if (!this.nodes.has(o.uid)) this.queue.add(uid);
      }
      const fin = obj.metadata.finalizers ?? [];
      if (
        obj.metadata.deletionTimestamp !== undefined &&
        (fin.includes('foregroundDeletion') || fin.includes('orphan'))
      )
        this.queue.add(uid);
    }
    this.kick();
  }

  /** A deleted object: its dependents may now be orphans, its owners may be waiting for it. */
  private forget(uid: string, owners: readonly OwnerReference[]): void {
    this.nodes.delete(uid);
    for (const o of owners) {
      this.dependents.get(o.uid)?.delete(uid);
      // an owner deleting in the foreground may have been waiting for this dependent
      if (this.nodes.get(o.uid)?.obj.metadata.deletionTimestamp !== undefined) this.queue.add(o.uid);
    }
    for (const d of this.dependents.get(uid) ?? []) this.queue.add(d);
  }

  private kick(): void {
    if (this.draining || this.queue.size === 0) return;
    this.draining = true;
    setTimeout(() => {
      void this.drain();
    }, 50);
  }

  private async drain(): Promise<void> {
    try {
      while (this.queue.size > 0 && !this.stopped) {
        const uid = this.queue.values().next().value as string;
        this.queue.delete(uid);
        await this.process(uid).catch((err: unknown) => {
          this.logger.debug('garbage collector retry', { uid, error: String(err) });
          setTimeout(() => {
            this.queue.add(uid);
            this.kick();
          }, 1000);
        });
      }
    } finally {
      this.draining = false;
    }
  }

  private async process(uid: string): Promise<void> {
    const node = this.nodes.get(uid);
    if (!node) return;
    const meta = node.obj.metadata;
    const fin = meta.finalizers ?? [];
    if (meta.deletionTimestamp !== undefined && fin.includes('orphan')) return this.orphan(uid, node);
    if (meta.deletionTimestamp !== undefined && fin.includes('foregroundDeletion'))
      return this.foreground(uid, node);
    const owners = meta.ownerReferences ?? [];
    if (owners.length === 0 || owners.some((o) => this.nodes.has(o.uid))) return;
    const live = await Promise.all(owners.map((o) => this.ownerExists(node, o)));
    if (!live.includes(true)) await this.deleteNode(node);
  }

  /** A live read of an owner: the index may not have seen it yet. */
  private async ownerExists(node: Node, ref: OwnerReference): Promise<boolean> {
    const [group, version] = ref.apiVersion.includes('/') ? ref.apiVersion.split('/') : ['', ref.apiVersion];
    const res = this.registry.catalog.lookupKind(group ?? '', version ?? '', ref.kind);
    if (!res) return false;
    const kv = await this.registry.deps.storage.get(
      objectKey(res, node.obj.metadata.namespace ?? '', ref.name),
    );
    return kv !== undefined && decode(kv).metadata.uid === ref.uid;
  }

  private store(node: Node): ReturnType<Registry['store']> | undefined {
    const res = this.registry.catalog.lookupResource(node.group, node.plural);
    return res ? this.registry.store(res) : undefined;
  }

  private async deleteNode(node: Node, policy?: 'Foreground'): Promise<void> {
    const meta = node.obj.metadata;
    if (meta.deletionTimestamp !== undefined) return;
    await this.store(node)
      ?.delete({
        namespace: meta.namespace ?? '',
        name: meta.name ?? '',
        preconditions: { ...(meta.uid ? { uid: meta.uid } : {}) },
        ...(policy ? { propagationPolicy: policy } : {}),
        dryRun: false,
        user: GC_USER,
      })
      .catch((err: unknown) => {
        if ((err as { code?: unknown }).code !== 404) throw err;
      });
  }

  private async patchMeta(node: Node, patch: Record<string, unknown>): Promise<void> {
    const meta = node.obj.metadata;
    const opts: WriteOptions & { force: boolean } = {
      dryRun: false,
      fieldManager: 'generic-garbage-collector',
      fieldValidation: 'Ignore',
      user: GC_USER,
      subresource: '',
      force: false,
    };
    await this.store(node)?.patch(
      meta.namespace ?? '',
      meta.name ?? '',
      'merge',
      {
        metadata: { ...patch, resourceVersion: meta.resourceVersion },
      },
      opts,
    );
  }

  private async foreground(uid: string, node: Node): Promise<void> {
    const deps = [...(this.dependents.get(uid) ?? [])]
      .map((d) => this.nodes.get(d))
      .filter((n) => n !== undefined);
    for (const d of deps) await this.deleteNode(d, 'Foreground');
    if (deps.length > 0) return;
    const rest = (node.obj.metadata.finalizers ?? []).filter((f) => f !== 'foregroundDeletion');
    await this.patchMeta(node, { finalizers: rest.length > 0 ? rest : null });
  }

  private async orphan(uid: string, node: Node): Promise<void> {
    for (const d of [...(this.dependents.get(uid) ?? [])]) {
      const dep = this.nodes.get(d);
      if (!dep) continue;
      const refs = (dep.obj.metadata.ownerReferences ?? []).filter((o) => o.uid !== uid);
      await this.patchMeta(dep, { ownerReferences: refs.length > 0 ? refs : null });
    }
    const rest = (node.obj.metadata.finalizers ?? []).filter((f) => f !== 'orphan');
    await this.patchMeta(node, { finalizers: rest.length > 0 ? rest : null });
  }
}
