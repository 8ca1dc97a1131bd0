/**
 * A controller: informer events become keys on a work queue; workers run the level-based
 * reconcile(key) (controller-runtime): error → rate-limited requeue, TerminalError → logged and
 * dropped, requeueAfter → delayed add, success → the key's failure history is forgotten.
 */
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { KubeObject } from '../../api/meta.js';
import { realClock, type Clock } from './clock.js';
import { isConflict, TerminalError } from './errors.js';
import type { Informer } from './informer.js';
import { errorMessage, silentLogger, type Logger } from './logger.js';
import type { RateLimiter } from './ratelimiter.js';
import { objectKey } from './resources.js';
import { WorkQueue } from './workqueue.js';

/** reconciles (of all workers) between turns of the event loop, at most */
const RECONCILES_PER_TURN = 64;

export interface Result {
  /** reconcile the key again after this many milliseconds */
  readonly requeueAfter?: number;
}

export interface Reconciler {
  /** Make the world match the object named by key ("ns/name" or "name"); idempotent. */
  reconcile(key: string): Promise<Result | undefined>;
}

export interface ControllerOptions {
  readonly name: string;
  readonly reconciler: Reconciler;
  /** reconciles running at once (different keys only); default 1 */
  readonly workers?: number;
  readonly clock?: Clock;
  readonly logger?: Logger;
  readonly rateLimiter?: () => RateLimiter;
}

export class Controller {
  readonly name: string;
  private queue: WorkQueue | undefined;
  private workers: Promise<void>[] = [];
  private reconcilesThisTurn = 0;
  private readonly clock: Clock;
  private readonly logger: Logger;

  constructor(private readonly opts: ControllerOptions) {
    this.name = opts.name;
    this.clock = opts.clock ?? realClock;
    this.logger = opts.logger ?? silentLogger;
  }

  /**
   * Enqueue the keys map(obj) returns for every add, update and delete the informer sees; an
   * update counts only when `relevant(old, new)` says so (default: always). With delayMs, keys are
   * added that much later, so the events of a burst coalesce into one reconcile per key.
   */
  watch<T extends KubeObject>(
    informer: Informer<T>,
    map: (obj: T) => Iterable<string> = (obj) => [objectKey(obj)],
    relevant: (oldObj: T, newObj: T) => boolean = () => true,
    delayMs = 0,
  ): void {
    const enqueue = (obj: T): void => {
      for (const key of map(obj)) this.queue?.addAfter(key, delayMs);
    };
    informer.addHandler({
      add: enqueue,
      update: (oldObj, newObj) => {
        if (oldObj !== newObj && !relevant(oldObj, newObj)) return;
        enqueue(oldObj);
        enqueue(newObj);
      },
      delete: enqueue,
    });
  }

  /** Queue key for reconciling (dropped while the controller is not started). */
  enqueue(key: string): void {
    this.queue?.add(key);
  }

  /** Creates the queue so events are kept from now on; workers start with startWorkers(). */
  prepare(): void {
    if (this.queue && !this.queue.isShuttingDown()) return;
    const limiter = this.opts.rateLimiter?.();
    this.queue = new WorkQueue({ clock: this.clock, ...(limiter ? { rateLimiter: limiter } : {}) });
  }

  startWorkers(): void {
    this.prepare();
    const queue = this.queue;
    if (!queue || this.workers.length > 0) return;
    const n = Math.max(1, this.opts.workers ?? 1);
    for (let i = 0; i < n; i++) this.workers.push(this.work(queue));
  }

  start(): void {
    this.prepare();
    this.startWorkers();
  }

  /** Stops taking keys and waits for running reconciles to finish. */
  async stop(): Promise<void> {
    this.queue?.shutDown();
    await Promise.all(this.workers);
    this.workers = [];
  }

  private async work(queue: WorkQueue): Promise<void> {
    for (;;) {
      const key = await queue.get();
      if (key === undefined) return;
      try {
        await this.reconcileOne(queue, key);
      } finally {
        queue.done(key);
      }
      // A reconcile that needs no request (the cache says all is well) never waits on I/O: without
      // a turn of the event loop now and then, thousands of queued keys (a relist) would hold the
      // thread, and every request to an in-process API server, until the queue is empty.
      if (++this.reconcilesThisTurn >= RECONCILES_PER_TURN) {
        this.reconcilesThisTurn = 0;
        await nextTurn();
      }
    }
  }

  private async reconcileOne(queue: WorkQueue, key: string): Promise<void> {
    try {
      const result = await this.opts.reconciler.reconcile(key);
      queue.forget(key);
      if (result?.requeueAfter !== undefined) queue.addAfter(key, result.requeueAfter);
    } catch (err) {
      if (err instanceof TerminalError) {
        queue.forget(key);
        this.logger.error('reconcile failed for good', { controller: this.name, key, error: err.message });
        return;
      }
      const fields = {
        controller: this.name,
        key,
        error: errorMessage(err),
        retries: queue.numRequeues(key),
      };
      if (isConflict(err)) this.logger.debug('reconcile conflict, retrying', fields);
      else this.logger.warn('reconcile failed, retrying', fields);
      queue.addRateLimited(key);
    }
  }
}
