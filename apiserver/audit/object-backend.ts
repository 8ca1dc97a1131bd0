/**
 * AuditEvent objects written by the registry's atomic transaction (internal.ts), never through the
 * HTTP path or the write pipeline, which would audit and admit the audit trail itself: one
 * transaction per chunk of a batch, guarded by the incarnations of the namespaces the events go to
 * (a namespace deleted meanwhile re-places them), attached to the time bucket's lease.
 * A watch's ResponseStarted object is replaced by its ResponseComplete (same name, same uid).
 */
import { createHash } from 'node:crypto';
import { API_VERSION } from '../../api/group.js';
import type { KubeObject } from '../../api/meta.js';
import { isLeaseGone, type Guard, type Write } from '../registry/internal.js';
import type { SystemClient } from '../registry/system.js';
import { LeaseBuckets } from './lease-buckets.js';
import { NAMESPACES } from '../registry/keys.js';
import { SYSTEM_NAMESPACE, ensureSystemNamespace, targetNamespace } from './placement.js';
import { truncateRecord } from './truncate.js';
import { AuditBatchError, type AuditBackend, type AuditRecord } from './types.js';
import { recordJson } from './record-json.js';

export const AUDIT_EVENTS = { group: 'orgplane.io', plural: 'auditevents', namespaced: true } as const;
export const DATE_LABEL = 'audit.orgplane.io/date';
export const HOUR_LABEL = 'audit.orgplane.io/hour';

export interface ObjectBackendOptions {
  readonly client: SystemClient;
  /** how long AuditEvent objects are kept (default 7 days) */
  readonly retentionSeconds?: number;
  readonly bucketSeconds?: number;
  /** puts per transaction (default 100; etcd allows 128) */
  readonly maxTxnOps?: number;
  /** bytes per transaction (default 1 MiB; etcd allows 1.5 MiB) */
  readonly maxTxnBytes?: number;
  /** events larger than this lose their request/response objects (default 256 KiB) */
  readonly maxEventBytes?: number;
  readonly now?: () => Date;
}

export const DEFAULT_RETENTION_SECONDS = 7 * 24 * 3600;

/** A stable uid per audit ID (name-based UUID), so every stage of a request names one object. */
export function auditEventUID(auditID: string): string {
  const h = createHash('sha1').update(`orgplane.io/auditevents/${auditID}`).digest('hex');
  const variant = ((parseInt(h.charAt(16), 16) & 0x3) | 0x8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** The AuditEvent object of a record, in namespace ns. */
export function auditEventObject(record: AuditRecord, ns: string): KubeObject {
  const { kind: _k, apiVersion: _a, ...fields } = record;
  const received = record.requestReceivedTimestamp;
  return {
    apiVersion: API_VERSION,
    kind: 'AuditEvent',
    metadata: {
      name: record.auditID,
      namespace: ns,
      uid: auditEventUID(record.auditID),
      creationTimestamp: received.replace(/\.\d+Z$/, 'Z'),
      generation: 1,
      labels: { [DATE_LABEL]: received.slice(0, 10), [HOUR_LABEL]: received.slice(0, 13) },
    },
    ...fields,
  };
}

interface Placed {
  readonly record: AuditRecord;
  readonly target: string;
  readonly size: number;
}

function chunks(items: readonly Placed[], maxOps: number, maxBytes: number): Placed[][] {
  const out: Placed[][] = [];
  let cur: Placed[] = [];
  let bytes = 0;
  for (const item of items) {
    if (cur.length > 0 && (cur.length >= maxOps || bytes + item.size > maxBytes)) {
      out.push(cur);
      cur = [];
      bytes = 0;
    }
    cur.push(item);
    bytes += item.size;
  }
  if (cur.length > 0) out.push(cur);
  return out;
}

export function objectBackend(opts: ObjectBackendOptions): AuditBackend {
  const { client } = opts;
  const now = opts.now ?? ((): Date => new Date());
  const leases = new LeaseBuckets(client.internal, {
    retentionSeconds: opts.retentionSeconds ?? DEFAULT_RETENTION_SECONDS,
    ...(opts.bucketSeconds !== undefined ? { bucketSeconds: opts.bucketSeconds } : {}),
  });
  const maxEventBytes = opts.maxEventBytes ?? 256 * 1024;

  /** namespace → a guard that it still exists (the same incarnation), orgplane-system for the missing */
  async function placements(targets: ReadonlySet<string>): Promise<Map<string, Guard>> {
    const out = new Map<string, Guard>();
    for (const ns of targets) {
      const found = await client.internal.incarnation(NAMESPACES, '', ns);
      if (found) out.set(ns, found.guard);
    }
    if ([...targets].some((ns) => !out.has(ns)) && !out.has(SYSTEM_NAMESPACE))
      out.set(SYSTEM_NAMESPACE, (await ensureSystemNamespace(client)).guard);
    return out;
  }

  async function write(chunk: readonly Placed[]): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      const guards = await placements(new Set(chunk.map((p) => p.target)));
      const lease = await leases.leaseFor(now().getTime());
      const used = new Set<string>();
      const writes: Write[] = chunk.map(({ record, target }) => {
        const ns = guards.has(target) ? target : SYSTEM_NAMESPACE;
        used.add(ns);
        return { resource: AUDIT_EVENTS, object: auditEventObject(record, ns), lease };
      });
      const conditions = [...used].flatMap((ns) => guards.get(ns) ?? []);
      try {
        const res = await client.internal.transact(conditions, writes);
        if (res.succeeded) return;
      } catch (err) {
        if (!isLeaseGone(err) || attempt >= 3) throw err;
        leases.forget(lease);
      }
      if (attempt >= 5)
        throw new Error('audit events: target namespaces kept being replaced; chunk not written');
    }
  }

  return {
    name: 'objects',
    async process(batch: readonly AuditRecord[]): Promise<void> {
      // one object per request: a later stage of the same request replaces an earlier one
      const latest = new Map<string, AuditRecord>();
      for (const r of batch) {
        latest.delete(r.auditID);
        latest.set(r.auditID, r);
      }
      const placed = [...latest.values()].map((r) => {
        const record = truncateRecord(r, maxEventBytes);
        return {
          record,
          target: targetNamespace(record, client),
          size: Buffer.byteLength(recordJson(record)) + 512,
        };
      });
      let failed = 0;
      let firstError: unknown;
      for (const chunk of chunks(placed, opts.maxTxnOps ?? 100, opts.maxTxnBytes ?? 1024 * 1024)) {
        try {
          await write(chunk);
        } catch (err) {
          failed += chunk.length;
          firstError ??= err;
        }
      }
      if (failed > 0) throw new AuditBatchError(failed, firstError);
    },
  };
}
