/**
 * Records core/v1 Events about objects, aggregated like client-go's EventCorrelator: a repeat of
 * the same involvedObject + type + reason + message bumps `count` and `lastTimestamp` on the
 * existing Event. Event names derive from that key, so a restarted or newly elected controller
 * finds and bumps the Event its predecessor wrote. Recording never throws; failures are logged.
 */
import { createHash } from 'node:crypto';
import type { KubeObject } from '../../api/meta.js';
import type { ApiClient } from './client.js';
import { metaTime, realClock, type Clock } from './clock.js';
import { isAlreadyExists, isConflict, isNamespaceNotFound, isNotFound } from './errors.js';
import { errorMessage, silentLogger, type Logger } from './logger.js';
import { EVENTS, NAMESPACES } from './resources.js';

export type EventType = 'Normal' | 'Warning';

export interface EventRecorderOptions {
  readonly client: ApiClient;
  /** source.component and reportingComponent, e.g. "orgplane-controllers" */
  readonly component: string;
  /** reportingInstance and source.host, e.g. the leader identity */
  readonly instance?: string;
  /** where Events about cluster-scoped objects go (kube: "default"); created if missing */
  readonly clusterNamespace?: string;
  /**
   * The namespace a cluster-scoped object's Events belong in, when it has one (an Organization's
   * own namespace, where its members can read them); they go to clusterNamespace while it does
   * not exist.
   */
  readonly homeNamespace?: (involved: {
    readonly apiVersion: string;
    readonly kind: string;
    readonly name: string;
  }) => string | undefined;
  readonly clock?: Clock;
  readonly logger?: Logger;
}

interface Seen {
  readonly name: string;
  readonly namespace: string;
  count: number;
}

const CACHE_SIZE = 4096;

export class EventRecorder {
  private readonly seen = new Map<string, Seen>();
  private readonly pending = new Map<string, Promise<void>>();
  private readonly clock: Clock;
  private readonly logger: Logger;

  private get clusterNamespace(): string {
    return this.opts.clusterNamespace ?? 'default';
  }

  constructor(private readonly opts: EventRecorderOptions) {
    this.clock = opts.clock ?? realClock;
    this.logger = opts.logger ?? silentLogger;
  }

  /** Records an Event in the background (calls for the same Event are applied in order). */
  event(obj: KubeObject, type: EventType, reason: string, message: string): void {
    void this.record(obj, type, reason, message);
  }

  /** Records an Event; resolves once written (or once the failure is logged). */
  record(obj: KubeObject, type: EventType, reason: string, message: string): Promise<void> {
    const ref = {
      apiVersion: obj.apiVersion,
      kind: obj.kind,
      name: obj.metadata.name ?? '',
      ...(obj.metadata.namespace ? { namespace: obj.metadata.namespace } : {}),
      ...(obj.metadata.uid ? { uid: obj.metadata.uid } : {}),
    };
    const key = [
      this.opts.component,
      ref.apiVersion,
      ref.kind,
      ref.namespace,
      ref.name,
      ref.uid,
      type,
      reason,
      message,
    ].join('\0');
    const namespace = ref.namespace ?? this.opts.homeNamespace?.(ref) ?? this.clusterNamespace;
    const name = `${ref.name.slice(0, 200)}.${createHash('sha256').update(key).digest('hex').slice(0, 16)}`;
    const previous = this.pending.get(key) ?? Promise.resolve();
    const next = previous
      .then(() =>
        this.write(
          key,
          { name, namespace },
          { ...ref, resourceVersion: obj.metadata.resourceVersion },
          { type, reason, message },
        ),
      )
      .catch((err: unknown) => {
        this.logger.debug('event not recorded', { reason, object: ref.name, error: errorMessage(err) });
      })
      .finally(() => {
        if (this.pending.get(key) === next) this.pending.delete(key);
      });
    this.pending.set(key, next);
    return next;
  }

  private async write(
    key: string,
    at: { readonly name: string; readonly namespace: string },
    involvedObject: Record<string, unknown>,
    what: { readonly type: EventType; readonly reason: string; readonly message: string },
  ): Promise<void> {
    const now = metaTime(this.clock.now());
    const seen = this.seen.get(key);
    if (seen) {
      try {
        await this.opts.client.mergePatch(EVENTS, seen.name, seen.namespace, {
          count: seen.count + 1,
          lastTimestamp: now,
        });
        this.remember(key, { ...seen, count: seen.count + 1 });
        return;
      } catch (err) {
        if (!isNotFound(err)) throw err;
      }
    }
    const event: KubeObject = {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name: at.name, namespace: at.namespace },
      involvedObject,
      ...what,
      source: { component: this.opts.component, ...(this.opts.instance ? { host: this.opts.instance } : {}) },
      firstTimestamp: now,
      lastTimestamp: now,
      count: 1,
      reportingComponent: this.opts.component,
      reportingInstance: this.opts.instance ?? this.opts.component,
    };
    let written = at;
    try {
      written = await this.createIn(event, at, involvedObject['namespace'] === undefined);
      this.remember(key, { ...written, count: 1 });
    } catch (err) {
      if (!isAlreadyExists(err)) throw err;
      this.remember(key, { ...written, count: await this.bumpExisting(written, now) });
    }
  }

  /**
   * Creates the Event where `at` says; returns where it went. A cluster-scoped object's Event whose
   * home namespace does not exist (yet) goes to the cluster-event namespace, which is created
   * first when it is missing.
   */
  private async createIn(
    event: KubeObject,
    at: { readonly name: string; readonly namespace: string },
    clusterScoped: boolean,
  ): Promise<{ readonly name: string; readonly namespace: string }> {
    try {
      await this.opts.client.create(EVENTS, event);
      return at;
    } catch (err) {
      if (!isNamespaceNotFound(err) || !clusterScoped) throw err;
      const cluster = this.clusterNamespace;
      if (at.namespace !== cluster) {
        const moved = { ...at, namespace: cluster };
        return this.createIn({ ...event, metadata: { ...event.metadata, namespace: cluster } }, moved, true);
      }
      await this.opts.client
        .create(NAMESPACES, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: cluster } })
        .catch((e: unknown) => {
          if (!isAlreadyExists(e)) throw e;
        });
      await this.opts.client.create(EVENTS, event);
      return at;
    }
  }

  /** An Event written before this recorder knew of it: count + 1, guarded by its resourceVersion. */
  private async bumpExisting(
    at: { readonly name: string; readonly namespace: string },
    now: string,
  ): Promise<number> {
    for (let attempt = 0; ; attempt++) {
      const current = await this.opts.client.get(EVENTS, at.name, at.namespace);
      const count = (typeof current?.count === 'number' ? current.count : 0) + 1;
      try {
        await this.opts.client.mergePatch(EVENTS, at.name, at.namespace, {
          metadata: { resourceVersion: current?.metadata.resourceVersion },
          count,
          lastTimestamp: now,
        });
        return count;
      } catch (err) {
        if (!isConflict(err) || attempt >= 3) throw err;
      }
    }
  }

  private remember(key: string, seen: Seen): void {
    this.seen.delete(key);
    this.seen.set(key, seen);
    if (this.seen.size > CACHE_SIZE) {
      const oldest = this.seen.keys().next();
      if (!oldest.done) this.seen.delete(oldest.value);
    }
  }
}
