/**
 * The Manager (controller-runtime): one shared informer per resource, the controllers, and leader
 * election. Only while this process leads (or always, without election) do informers list/watch
 * and controllers reconcile; losing the lease stops them until it is won again. With election,
 * `client` is fenced: every write is refused (NotLeaderError) unless the lease is certainly still
 * ours (fence.ts), so a deposed leader cannot write even before it has noticed.
 */
import type { KubeObject } from '../../api/meta.js';
import type { ApiClient } from './client.js';
import { realClock, type Clock } from './clock.js';
import { Controller, type Reconciler } from './controller.js';
import { fencedClient } from './fence.js';
import { Informer } from './informer.js';
import { LeaderElector, type LeaderElectionOptions } from './leader.js';
import type { Listers } from './lister.js';
import { errorMessage, silentLogger, type Logger } from './logger.js';
import { defaultTransform } from './projections.js';
import type { ResourceType } from './resources.js';

/** The Lease and timings; the manager supplies client, clock, logger and the callbacks. */
export type ManagerLeaderElection = Omit<
  LeaderElectionOptions,
  'client' | 'clock' | 'logger' | 'onStartedLeading' | 'onStoppedLeading'
>;

/** What every reconciler of a manager works through. */
export interface ReconcilerDeps<E> {
  readonly client: ApiClient;
  readonly events: E;
  readonly clock: Clock;
  readonly listers: Listers;
}

export interface ManagerOptions {
  readonly client: ApiClient;
  readonly clock?: Clock;
  readonly logger?: Logger;
  /** absent: run controllers at once, unelected */
  readonly leaderElection?: ManagerLeaderElection;
  /** the client the elector reads and writes the Lease with (default: client) */
  readonly leaseClient?: ApiClient;
  /** redeliver every cached object this often (0/absent: never) */
  readonly resyncMs?: number;
  /** how the informers fill their caches (InformerOptions.initialList; default paged lists) */
  readonly initialList?: 'watch' | 'list';
}

export class Manager {
  /** what reconcilers and event recorders use: fenced by the lease under leader election */
  readonly client: ApiClient;
  readonly clock: Clock;
  readonly logger: Logger;
  private readonly informers = new Map<string, Informer<KubeObject>>();
  private readonly transforms = new Map<string, (obj: KubeObject) => KubeObject>();
  private readonly controllers: Controller[] = [];
  private readonly elector: LeaderElector | undefined;
  private running = false;
  /** bumped on every start, so a stale sync wait does not start workers */
  private term = 0;
  /** serializes start/stop of the controllers */
  private transition: Promise<void> = Promise.resolve();

  constructor(private readonly opts: ManagerOptions) {
    this.clock = opts.clock ?? realClock;
    this.logger = opts.logger ?? silentLogger;
    const le = opts.leaderElection;
    if (!le) {
      this.client = opts.client;
      return;
    }
    const elector = new LeaderElector({
      client: opts.leaseClient ?? opts.client,
      ...le,
      clock: this.clock,
      logger: this.logger,
      onStartedLeading: () => this.enqueueTransition(() => this.startControllers()),
      onStoppedLeading: () => this.enqueueTransition(() => this.stopControllers()),
    });
    this.elector = elector;
    this.client = fencedClient(opts.client, () => {
      elector.fence.check();
    });
  }

  /** Until when (epoch ms) a write sent now may be executed; undefined without election. */
  writeDeadline(): number | undefined {
    return this.elector?.fence.deadline();
  }

  /** Throws NotLeaderError unless this process may act now (always passes without election). */
  checkLeadership(): void {
    this.elector?.fence.check();
  }

  /** The client, clock and shared informers (as listers) for a reconciler, with its event sink. */
  reconcilerDeps<E>(events: E): ReconcilerDeps<E> {
    return { client: this.client, events, clock: this.clock, listers: (res) => this.informer(res) };
  }

  /** A controller on this manager's clock and logger. */
  newController(name: string, reconciler: Reconciler, workers: number): Controller {
    return new Controller({ name, reconciler, workers, clock: this.clock, logger: this.logger });
  }

  /**
   * The shared informer of a resource (cluster-wide), created on first use: one per resource for
   * every controller of this manager. Created while running, it starts at once. `transform` (what
   * the cache keeps of each object; default: projections.ts) is fixed by the first call; a later
   * call with another throws.
   */
  informer<T extends KubeObject>(res: ResourceType, transform?: (obj: T) => T): Informer<T> {
    const key = `${res.group}/${res.version}/${res.plural}`;
    let inf = this.informers.get(key);
    const t = (transform as ((obj: KubeObject) => KubeObject) | undefined) ?? defaultTransform(res);
    if (inf && t !== undefined && this.transforms.get(key) !== t)
      throw new Error(`the informer of ${res.plural} already exists with another transform`);
    if (!inf) {
      inf = new Informer<KubeObject>({
        client: this.client,
        resource: res,
        clock: this.clock,
        logger: this.logger,
        ...(this.opts.resyncMs ? { resyncMs: this.opts.resyncMs } : {}),
        ...(this.opts.initialList ? { initialList: this.opts.initialList } : {}),
        ...(t ? { transform: t } : {}),
      });
      this.informers.set(key, inf);
      if (t) this.transforms.set(key, t);
      if (this.running) inf.start();
    }
    return inf as unknown as Informer<T>;
  }

  add(controller: Controller): void {
    this.controllers.push(controller);
  }

  /** True while controllers run (this process leads, or runs unelected). */
  isRunning(): boolean {
    return this.running;
  }

  /** Starts campaigning (or the controllers at once without election); returns immediately. */
  start(): void {
    if (!this.elector) {
      void this.enqueueTransition(() => this.startControllers());
      return;
    }
    this.elector.start();
  }

  /** Stops controllers and informers, then releases the lease. */
  async stop(): Promise<void> {
    if (this.elector) await this.elector.stop();
    await this.enqueueTransition(() => this.stopControllers());
  }

  private enqueueTransition(step: () => Promise<void>): Promise<void> {
    this.transition = this.transition.then(step).catch((err: unknown) => {
      this.logger.error('manager: start/stop failed', { error: errorMessage(err) });
    });
    return this.transition;
  }

  private startControllers(): Promise<void> {
    if (this.running) return Promise.resolve();
    this.running = true;
    const term = ++this.term;
    for (const c of this.controllers) c.prepare();
    for (const inf of this.informers.values()) inf.start();
    void this.startWorkersWhenSynced(term);
    return Promise.resolve();
  }

  /** Workers start once every cache holds its first list, unless stopped meanwhile. */
  private async startWorkersWhenSynced(term: number): Promise<void> {
    const synced = await Promise.all([...this.informers.values()].map((inf) => inf.waitForSync()));
    if (!synced.every(Boolean) || !this.running || term !== this.term) return;
    for (const c of this.controllers) c.startWorkers();
    this.logger.info('controllers started', { controllers: this.controllers.map((c) => c.name) });
  }

  private async stopControllers(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    await Promise.all(this.controllers.map((c) => c.stop()));
    await Promise.all([...this.informers.values()].map((inf) => inf.stop()));
    this.logger.info('controllers stopped');
  }
}
