/**
 * Periodic compaction (kube-apiserver compacts etcd every 5 minutes): each tick compacts to the
 * revision seen at the previous tick, so at least one interval of history stays watchable.
 * Several API servers may run it; compacting an already compacted revision is a no-op.
 */
import type winston from 'winston';
import type { Storage } from '../storage/interface.js';

export class Compactor {
  private timer: NodeJS.Timeout | undefined;
  private previous = 0;

  constructor(
    private readonly storage: Storage,
    private readonly logger: winston.Logger,
    private readonly intervalMs = 5 * 60_000,
  ) {}

  start(): void {
    this.timer = setInterval(() => {
      void this.tick();
    }, this.intervalMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }

  async tick(): Promise<void> {
    try {
      const current = await this.storage.currentRevision();
      const target = this.previous;
      this.previous = current;
      if (target > (await this.storage.compactedRevision())) {
        await this.storage.compact(target);
        this.logger.debug('storage compacted', { revision: target });
      }
    } catch (err) {
      this.logger.warn('storage compaction failed', { error: String(err) });
    }
  }
}
