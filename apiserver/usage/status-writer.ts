/**
 * Writes each counted organization's `status.requests: {thisMinute, today}` (requests served, as
 * its quota counts them) every `intervalMs` (10 s), when it changed, as a merge patch of the
 * Organization's status subresource under the API server's own identity (the write pipeline,
 * through the system client; such writes are neither counted nor audited).
 */
import type winston from 'winston';
import type { ResourceInfo } from '../../api/resource.js';
import { hasCode, SYSTEM_APISERVER, systemWrite, type SystemClient } from '../registry/system.js';
import type { UsageCounters } from './counters.js';

export interface StatusWriterDeps {
  readonly client: Pick<SystemClient, 'catalog' | 'store'>;
  readonly counters: UsageCounters;
  readonly exists: (org: string) => boolean;
  readonly logger: winston.Logger;
  readonly intervalMs?: number;
}

const MANAGER = 'orgplane-request-quota';

export class RequestsStatusWriter {
  private readonly written = new Map<string, string>();
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(private readonly deps: StatusWriterDeps) {}

  private resource(): ResourceInfo | undefined {
    return this.deps.client.catalog.lookup('orgplane.io', 'v1alpha1', 'organizations');
  }

  /** Writes every changed organization's status.requests once. */
  async writeAll(): Promise<void> {
    const res = this.resource();
    if (!res) return;
    const store = this.deps.client.store(res);
    for (const org of this.deps.counters.organizations()) {
      if (!this.deps.exists(org)) {
        this.written.delete(org);
        continue;
      }
      const requests = this.deps.counters.requests(org);
      const text = JSON.stringify(requests);
      if (this.written.get(org) === text) continue;
      try {
        await store.patch(
          '',
          org,
          'merge',
          { status: { requests } },
          {
            ...systemWrite(SYSTEM_APISERVER, MANAGER, 'status'),
            force: false,
          },
        );
        this.written.set(org, text);
      } catch (err) {
        if (!hasCode(err, 404))
          this.deps.logger.warn('writing status.requests failed', { organization: org, error: String(err) });
      }
    }
  }

  start(): void {
    const tick = (): void => {
      if (this.stopped) return;
      this.timer = setTimeout(() => {
        void this.writeAll().finally(tick);
      }, this.deps.intervalMs ?? 10_000);
      this.timer.unref();
    };
    tick();
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }
}
