/**
 * Fencing for a leader-elected process. client-go's leader election does not fence: a leader that
 * was paused (SIGSTOP, a long GC, a frozen VM) past its lease wakes up still believing it leads and
 * writes until its next failed renewal, while another replica already acts. Here every write of the
 * controllers asks the LeaseFence first, synchronously, just before the request is made.
 *
 * The contract: a write is allowed only while `now < start of the last successful acquire/renew
 * + renewDeadline`, on the monotonic clock (it counts the time the process was stopped). A rival
 * may acquire no earlier than leaseDuration after it saw that renewal, and it saw it after the
 * renewal started; so every allowed write is made at least leaseDuration − renewDeadline (5 s by
 * default) before any rival can lead. That margin covers the write's trip to the server.
 *
 * A write can still be frozen after its check and before its bytes leave the process (waiting for
 * a connection, a TLS handshake); so each write also carries deadline() as an absolute time
 * (KubeClient's Orgplane-Write-Deadline header), and orgplane's API server refuses it if it arrives
 * later (apiserver/http/write-deadline.ts). Another Kubernetes API server ignores the header.
 */
import type { ApiClient } from './client.js';
import { monotonicNow, type Clock } from './clock.js';

/** A write refused because this process no longer holds (or never held) the lease. */
export class NotLeaderError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NotLeaderError';
  }
}

export class LeaseFence {
  /** monotonic ms until which writes are allowed; -Infinity: not leading */
  private validUntil = Number.NEGATIVE_INFINITY;
  /** the Lease's leaseTransitions when we took it: the leader epoch, for messages */
  private epoch: number | undefined;

  constructor(
    private readonly clock: Clock,
    private readonly what: string,
  ) {}

  /** A successful acquire or renew that started at `startedAt` (monotonicNow) grants until then + ttl. */
  grant(startedAt: number, ttlMs: number, epoch: number | undefined): void {
    this.validUntil = Math.max(this.validUntil, startedAt + ttlMs);
    this.epoch = epoch;
  }

  /** Leadership is over: refuse every write from now on. */
  revoke(): void {
    this.validUntil = Number.NEGATIVE_INFINITY;
  }

  /** Whether a write made now would be allowed. */
  holds(): boolean {
    return monotonicNow(this.clock) < this.validUntil;
  }

  /** The end of the grant as wall-clock epoch ms (when a server must stop accepting our writes). */
  deadline(): number {
    const left = this.validUntil - monotonicNow(this.clock);
    return this.clock.now() + Math.max(0, Number.isFinite(left) ? left : 0);
  }

  /** Throws NotLeaderError unless a write made now is allowed. */
  check(): void {
    if (this.holds()) return;
    const epoch = this.epoch === undefined ? '' : ` (epoch ${String(this.epoch)})`;
    throw new NotLeaderError(`not the leader of ${this.what}${epoch} any more: write refused`);
  }
}

/** `inner` with every write (create, update, patch, delete) refused unless `check` passes. */
export function fencedClient(inner: ApiClient, check: () => void): ApiClient {
  return {
    get: (res, name, ns) => inner.get(res, name, ns),
    list: (res, opts) => inner.list(res, opts),
    watch: (res, opts, onEvent, onDone) => inner.watch(res, opts, onEvent, onDone),
    create: (res, obj) => guarded(check, () => inner.create(res, obj)),
    update: (res, obj, opts) => guarded(check, () => inner.update(res, obj, opts)),
    mergePatch: (res, name, ns, patch, opts) =>
      guarded(check, () => inner.mergePatch(res, name, ns, patch, opts)),
    delete: (res, name, ns, opts) => guarded(check, () => inner.delete(res, name, ns, opts)),
  };
}

function guarded<T>(check: () => void, write: () => Promise<T>): Promise<T> {
  try {
    check();
  } catch (err) {
    return Promise.reject(err instanceof Error ? err : new Error(String(err)));
  }
  return write();
}
