/**
 * Lease expiry. Keeps every lease's expiry time in memory (loaded from the store on open, kept
 * current by grant/revoke commits) and, on each clock tick, revokes the leases whose time has
 * come. Revocation goes through the writer, so the attached keys vanish with delete events at
 * one revision.
 */
import type { LeaseId } from '../interface.js';
import type { Clock } from './clock.js';

export const DEFAULT_LEASE_CHECK_MS = 250;

export class LeaseKeeper {
  private readonly expiries = new Map<LeaseId, number>();
  private readonly inFlight = new Map<LeaseId, Promise<void>>();
  private cancel: (() => void) | undefined;

  constructor(
    private readonly clock: Clock,
    private readonly revoke: (id: LeaseId) => Promise<void>,
    private readonly onError: (err: unknown) => void = () => undefined,
  ) {}

  start(intervalMs: number): void {
    this.cancel ??= this.clock.every(intervalMs, () => {
      void this.tick();
    });
  }

  stop(): void {
    this.cancel?.();
    this.cancel = undefined;
  }

  set(id: LeaseId, expiresAt: number): void {
    this.expiries.set(id, expiresAt);
  }

  delete(id: LeaseId): void {
    this.expiries.delete(id);
  }

  get size(): number {
    return this.expiries.size;
  }

  /** Revoke every lease that has expired by now; resolves when those revocations are done. */
  async tick(): Promise<void> {
    const now = this.clock.now();
    for (const [id, exp] of this.expiries) {
      if (exp > now || this.inFlight.has(id)) continue;
      const done = this.revoke(id)
        .catch(this.onError)
        .finally(() => this.inFlight.delete(id));
      this.inFlight.set(id, done);
    }
    await Promise.all(this.inFlight.values());
  }
}
