/**
 * A bounded buffer in front of one backend (kube's buffered audit backend): enqueue never waits,
 * a full buffer drops the event and counts it, and one loop hands batches of up to maxBatch
 * events to the backend, at once when a batch is full and after maxWaitMs otherwise.
 */
import type { AuditMetrics } from './metrics.js';
import { AuditBatchError, type AuditBackend, type AuditRecord } from './types.js';

export interface BufferOptions {
  /** events waiting at most; past it new events are dropped (default 10000) */
  readonly maxBuffered?: number;
  /** events per backend call (default 400) */
  readonly maxBatch?: number;
  /** longest an event waits for its batch to fill (default 1000 ms) */
  readonly maxWaitMs?: number;
}

export class BufferedBackend {
  private readonly queue: AuditRecord[] = [];
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private closed = false;
  private readonly maxBuffered: number;
  private readonly maxBatch: number;
  private readonly maxWaitMs: number;

  constructor(
    private readonly backend: AuditBackend,
    opts: BufferOptions,
    private readonly metrics: AuditMetrics,
    private readonly onError: (err: unknown, plugin: string) => void,
  ) {
    this.maxBuffered = opts.maxBuffered ?? 10_000;
    this.maxBatch = Math.max(1, opts.maxBatch ?? 400);
    this.maxWaitMs = opts.maxWaitMs ?? 1000;
  }

  get name(): string {
    return this.backend.name;
  }

  /** false when the event was dropped (buffer full or shut down) */
  enqueue(record: AuditRecord): boolean {
    if (this.closed || this.queue.length >= this.maxBuffered) {
      this.metrics.dropped.inc({ plugin: this.name });
      this.metrics.errors.inc({ plugin: this.name });
      return false;
    }
    this.queue.push(record);
    if (this.queue.length >= this.maxBatch) this.kick();
    else if (!this.timer && !this.running) {
      this.timer = setTimeout(() => {
        this.timer = undefined;
        this.kick();
      }, this.maxWaitMs);
      this.timer.unref();
    }
    return true;
  }

  private kick(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.running) return;
    this.running = this.drain().finally(() => {
      this.running = undefined;
    });
  }

  private async drain(): Promise<void> {
    while (this.queue.length > 0) {
      const batch = this.queue.splice(0, this.maxBatch);
      try {
        await this.backend.process(batch);
      } catch (err) {
        const failed = err instanceof AuditBatchError ? err.failed : batch.length;
        this.metrics.errors.inc({ plugin: this.name }, failed);
        this.onError(err, this.name);
      }
    }
  }

  /** resolves when every event enqueued so far has been handed to the backend */
  async flush(): Promise<void> {
    while (this.running || this.queue.length > 0) {
      if (!this.running) this.kick();
      await this.running;
    }
  }

  /** stop accepting, deliver what is buffered (at most timeoutMs), then shut the backend down */
  async shutdown(timeoutMs = 5000): Promise<void> {
    this.closed = true;
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => {
        resolve('timeout');
      }, timeoutMs);
    });
    const result = await Promise.race([this.flush().then(() => 'done' as const), timedOut]);
    clearTimeout(timer);
    if (result === 'timeout' && this.queue.length > 0) {
      this.metrics.errors.inc({ plugin: this.name }, this.queue.length);
      this.queue.length = 0;
    }
    await this.backend.shutdown?.();
  }
}
