/**
 * One priority level of API Priority and Fairness, simplified: `seats` requests execute at once;
 * the rest wait in one FIFO queue per flow (an organization, or a user outside any), and a freed
 * seat goes to the next flow in round-robin order, so a flow that sends 20× more requests than
 * another gets the same share of seats, not 20×. A flow whose queue is full, or a request that
 * waited longer than `maxWaitMs`, is rejected (the caller answers 429 with Retry-After).
 */

export interface FairQueueOptions {
  /** requests executing at once */
  readonly seats: number;
  /** requests waiting per flow before new ones are rejected */
  readonly queueLength: number;
  /** longest wait in a queue before the request is rejected */
  readonly maxWaitMs: number;
}

export type Admission =
  | { readonly admitted: true; readonly waitedMs: number; release(): void }
  | { readonly admitted: false; readonly why: 'queue-full' | 'time-out' };

interface Waiter {
  readonly since: number;
  grant(): void;
}

export class FairQueue {
  private executing = 0;
  private readonly queues = new Map<string, Waiter[]>();
  /** flows with waiters, in the order they get the next seat */
  private readonly ring: string[] = [];

  constructor(private readonly opts: FairQueueOptions) {}

  get inFlight(): number {
    return this.executing;
  }

  get waiting(): number {
    let n = 0;
    for (const q of this.queues.values()) n += q.length;
    return n;
  }

  /** Wait for a seat for `flow`; call release() when the request is done. */
  acquire(flow: string): Promise<Admission> {
    const since = Date.now();
    if (this.executing < this.opts.seats && this.ring.length === 0) return Promise.resolve(this.seat(since));
    const queue = this.queues.get(flow) ?? [];
    if (queue.length >= this.opts.queueLength) return Promise.resolve({ admitted: false, why: 'queue-full' });
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        const q = this.queues.get(flow);
        const i = q?.indexOf(waiter) ?? -1;
        if (q && i >= 0) q.splice(i, 1);
        if (q?.length === 0) this.forget(flow);
        resolve({ admitted: false, why: 'time-out' });
      }, this.opts.maxWaitMs);
      const waiter: Waiter = {
        since,
        grant: () => {
          clearTimeout(timer);
          resolve(this.seat(since));
        },
      };
      queue.push(waiter);
      if (!this.queues.has(flow)) {
        this.queues.set(flow, queue);
        this.ring.push(flow);
      }
    });
  }

  private seat(since: number): Admission {
    this.executing++;
    let released = false;
    return {
      admitted: true,
      waitedMs: Date.now() - since,
      release: () => {
        if (released) return;
        released = true;
        this.executing--;
        this.dispatch();
      },
    };
  }

  /** Hand free seats to waiting flows in round-robin order. */
  private dispatch(): void {
    while (this.executing < this.opts.seats && this.ring.length > 0) {
      const flow = this.ring.shift() ?? '';
      const queue = this.queues.get(flow);
      const waiter = queue?.shift();
      if (queue && queue.length > 0) this.ring.push(flow);
      else this.queues.delete(flow);
      waiter?.grant();
    }
  }

  private forget(flow: string): void {
    this.queues.delete(flow);
    const i = this.ring.indexOf(flow);
    if (i >= 0) this.ring.splice(i, 1);
  }
}
