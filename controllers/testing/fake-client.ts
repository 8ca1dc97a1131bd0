/**
 * An in-memory ApiClient for reconcile and runtime tests: objects with kube's metadata semantics
 * (uid, resourceVersion guard → 409, generation bumped on spec change, status subresource,
 * finalizers + deletionTimestamp), watches, a log of write actions, and injectable failures.
 */
import { randomUUID } from 'node:crypto';
import type { KubeObject, WatchEvent } from '../../api/meta.js';
import * as C from '../runtime/client.js';
import { groupResource, type ResourceType } from '../runtime/resources.js';
import { matchesLabels, status, withBody } from './fake-objects.js';
import { FakeWatchers, typeKey, type Watcher } from './fake-watchers.js';
import { mergePatch } from './merge-patch.js';

import type { Verb } from '../runtime/counting-client.js';

export type { Verb };

export interface Action {
  readonly verb: Verb;
  readonly resource: string;
  readonly namespace: string | undefined;
  readonly name: string;
  readonly subresource?: string;
  readonly body?: unknown;
  /** a watch that asked for the initial objects first (sendInitialEvents) */
  readonly initialEvents?: boolean;
}

/** Called before every request; throw to fail it. */
export type Reactor = (action: Action) => void;

export class FakeClient implements C.ApiClient {
  private readonly objects = new Map<string, KubeObject>();
  private readonly watchers = new FakeWatchers();
  private rv = 0;
  readonly actions: Action[] = [];
  readonly reactors: Reactor[] = [];
  /** namespaced creates fail with 404 when their namespace does not exist */
  requireNamespaces = false;
  now: () => Date = () => new Date();

  private key(res: ResourceType, name: string, namespace?: string): string {
    return `${typeKey(res)}/${res.namespaced ? (namespace ?? '') : ''}/${name}`;
  }

  private act(action: Action): void {
    if (action.verb !== 'get' && action.verb !== 'list' && action.verb !== 'watch') this.actions.push(action);
    for (const r of this.reactors) r(action);
  }

  /** The resourceVersion of the last write: a cache that saw every write is at this version. */
  currentResourceVersion(): string {
    return String(this.rv);
  }

  /** Write actions since the last call (and clears the log). */
  takeActions(): Action[] {
    return this.actions.splice(0);
  }

  /** Puts an object as-is (no admission), returning the stored copy. */
  seed<T extends KubeObject>(res: ResourceType, obj: T): T {
    const o = structuredClone(obj);
    o.metadata.uid ??= randomUUID();
    o.metadata.creationTimestamp ??= this.now()
      .toISOString()
      .replace(/\.\d{3}Z$/, 'Z');
    o.metadata.generation ??= 1;
    o.apiVersion ||= res.group ? `${res.group}/${res.version}` : res.version;
    o.kind ||= res.kind;
    return this.store(res, o, 'ADDED');
  }

  /** The stored object (a copy), or undefined. */
  // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters -- a typed read for tests
  peek<T extends KubeObject>(res: ResourceType, name: string, namespace?: string): T | undefined {
    const o = this.objects.get(this.key(res, name, namespace));
    return o ? (structuredClone(o) as T) : undefined;
  }

  /** Every stored object of res (copies). */
  peekAll(res: ResourceType): KubeObject[] {
    return this.objectsOf(res);
  }

  /** Copies of the stored objects of res, of one namespace or all. */
  private objectsOf(res: ResourceType, namespace?: string): KubeObject[] {
    const prefix = `${typeKey(res)}/`;
    return [...this.objects.entries()]
      .filter(
        ([k, o]) => k.startsWith(prefix) && (namespace === undefined || o.metadata.namespace === namespace),
      )
      .map(([, o]) => structuredClone(o));
  }

  private store<T extends KubeObject>(res: ResourceType, obj: T, type: 'ADDED' | 'MODIFIED'): T {
    obj.metadata.resourceVersion = String(++this.rv);
    this.objects.set(this.key(res, obj.metadata.name ?? '', obj.metadata.namespace), obj);
    this.watchers.emit(res, type, obj);
    return structuredClone(obj);
  }

  private remove(res: ResourceType, obj: KubeObject): void {
    this.objects.delete(this.key(res, obj.metadata.name ?? '', obj.metadata.namespace));
    obj.metadata.resourceVersion = String(++this.rv);
    this.watchers.emit(res, 'DELETED', obj);
  }

  /** Removes an object without a watch event: a change a disconnected watcher missed. */
  dropSilently(res: ResourceType, name: string, namespace?: string): void {
    this.objects.delete(this.key(res, name, namespace));
    this.rv++;
  }

  /** Sends an event (e.g. ERROR with a 410 Status) to every watcher of res. */
  sendWatchEvent(res: ResourceType, event: WatchEvent<KubeObject>): void {
    this.watchers.send(res, event);
  }

  /** Ends every watch of res (with err, or cleanly as a server timeout). */
  endWatches(res: ResourceType, err?: unknown): void {
    this.watchers.end(res, err);
  }

  watchCount(res: ResourceType): number {
    return this.watchers.count(res);
  }

  get<T extends KubeObject>(res: ResourceType, name: string, namespace?: string): Promise<T | undefined> {
    return this.run(() => {
      this.act({ verb: 'get', resource: groupResource(res), namespace, name });
      return this.peek<T>(res, name, namespace);
    });
  }

  list<T extends KubeObject>(res: ResourceType, opts: C.ListOptions = {}): Promise<C.ListResult<T>> {
    return this.run(() => {
      this.act({ verb: 'list', resource: groupResource(res), namespace: opts.namespace, name: '' });
      const items = this.objectsOf(res, opts.namespace)
        .map((o) => o as T)
        .filter((o) => matchesLabels(o, opts.labelSelector))
        .map((o) => (opts.transform ? (opts.transform(o) as T) : o));
      return { items, resourceVersion: String(this.rv) };
    });
  }

  create<T extends KubeObject>(res: ResourceType, obj: T): Promise<T> {
    return this.run(() => {
      const { name = '', namespace } = obj.metadata;
      this.act({ verb: 'create', resource: groupResource(res), namespace, name, body: obj });
      if (this.objects.has(this.key(res, name, namespace)))
        throw status(409, 'AlreadyExists', `${groupResource(res)} "${name}" already exists`, res.plural);
      if (res.namespaced && this.requireNamespaces && !this.objects.has(`/namespaces//${namespace ?? ''}`))
        throw status(404, 'NotFound', `namespaces "${namespace ?? ''}" not found`, 'namespaces');
      const o = structuredClone(obj);
      delete o.metadata.resourceVersion;
      o.metadata.uid = randomUUID();
      o.metadata.generation = 1;
      o.metadata.creationTimestamp = this.now()
        .toISOString()
        .replace(/\.\d{3}Z$/, 'Z');
      return this.store(res, o, 'ADDED');
    });
  }

  update<T extends KubeObject>(res: ResourceType, obj: T, opts: C.WriteOptions = {}): Promise<T> {
    return this.run(() => {
      const { name = '', namespace } = obj.metadata;
      this.act({ verb: 'update', resource: groupResource(res), namespace, name, body: obj, ...opts });
      return this.write(res, name, namespace, structuredClone(obj), opts);
    });
  }

  mergePatch<T extends KubeObject>(
    res: ResourceType,
    name: string,
    namespace: string | undefined,
    patch: Record<string, unknown>,
    opts: C.WriteOptions = {},
  ): Promise<T> {
    return this.run(() => {
      this.act({ verb: 'patch', resource: groupResource(res), namespace, name, body: patch, ...opts });
      const current = this.objects.get(this.key(res, name, namespace));
      if (!current) throw status(404, 'NotFound', `${groupResource(res)} "${name}" not found`, res.plural);
      const next = mergePatch(current, patch) as T;
      const meta = (patch as { metadata?: { resourceVersion?: string } }).metadata;
      if (meta?.resourceVersion === undefined) {
        if (current.metadata.resourceVersion !== undefined)
          next.metadata.resourceVersion = current.metadata.resourceVersion;
      }
      return this.write(res, name, namespace, next, opts);
    });
  }

  private write<T extends KubeObject>(
    res: ResourceType,
    name: string,
    namespace: string | undefined,
    body: T,
    opts: C.WriteOptions,
  ): T {
    const current = this.objects.get(this.key(res, name, namespace));
    if (!current) throw status(404, 'NotFound', `${groupResource(res)} "${name}" not found`, res.plural);
    const rv = body.metadata.resourceVersion;
    if (rv && rv !== current.metadata.resourceVersion)
      throw status(
        409,
        'Conflict',
        `Operation cannot be fulfilled on ${groupResource(res)} "${name}": the object has been modified; please apply your changes to the latest version and try again`,
      );
    const next =
      opts.subresource === 'status'
        ? { ...structuredClone(current), status: body.status }
        : withBody(current, body);
    if (next.metadata.deletionTimestamp !== undefined && (next.metadata.finalizers ?? []).length === 0) {
      this.remove(res, next);
      return structuredClone(next) as T;
    }
    return this.store(res, next, 'MODIFIED') as T;
  }

  delete(res: ResourceType, name: string, namespace?: string, opts: C.DeleteOptions = {}): Promise<void> {
    return this.run(() => {
      this.act({ verb: 'delete', resource: groupResource(res), namespace, name, body: opts });
      const current = this.objects.get(this.key(res, name, namespace));
      if (!current) throw status(404, 'NotFound', `${groupResource(res)} "${name}" not found`, res.plural);
      if ((current.metadata.finalizers ?? []).length === 0) {
        this.remove(res, current);
        return;
      }
      if (current.metadata.deletionTimestamp !== undefined) return;
      const next = structuredClone(current);
      next.metadata.deletionTimestamp = this.now()
        .toISOString()
        .replace(/\.\d{3}Z$/, 'Z');
      this.store(res, next, 'MODIFIED');
    });
  }

  watch(
    res: ResourceType,
    opts: C.WatchOptions,
    onEvent: (event: WatchEvent<KubeObject>) => void,
    onDone: (err?: unknown) => void,
  ): Promise<C.WatchHandle> {
    return this.run(() => {
      const initialEvents = opts.sendInitialEvents === true;
      this.act({
        verb: 'watch',
        resource: groupResource(res),
        namespace: opts.namespace,
        name: '',
        ...(initialEvents ? { initialEvents } : {}),
      });
      const w: Watcher = { res, namespace: opts.namespace, onEvent, onDone };
      const handle = this.watchers.add(w);
      if (initialEvents) this.sendInitial(w);
      return handle;
    });
  }

  /** The current objects of w's resource and namespace as ADDED, then the initial-events-end bookmark. */
  private sendInitial(w: Watcher): void {
    for (const object of this.objectsOf(w.res, w.namespace)) w.onEvent({ type: 'ADDED', object });
    w.onEvent({
      type: 'BOOKMARK',
      object: {
        apiVersion: '',
        kind: '',
        metadata: { resourceVersion: String(this.rv), annotations: { [C.INITIAL_EVENTS_END]: 'true' } },
      },
    });
  }

  /** Every call answers asynchronously, as a real client does. */
  private async run<T>(fn: () => T): Promise<T> {
    await Promise.resolve();
    return fn();
  }
}
