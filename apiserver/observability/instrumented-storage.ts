/** A Storage decorator that times every call into the storage duration histogram. */
import type { Histogram } from 'prom-client';
import { parseObjectKey } from '../registry/keys.js';
import type { ListOptions, Storage } from '../storage/interface.js';

/** "/registry/orgplane.io/agents/ns/x" → "agents.orgplane.io" (kube's "type" label). */
export function typeOfKey(key: string): string {
  const parts = parseObjectKey(key);
  if (!parts) return 'internal';
  return parts.group === '' ? parts.plural : `${parts.plural}.${parts.group}`;
}

export function instrumentStorage(inner: Storage, hist: Histogram<'operation' | 'type'>): Storage {
  const time = async <T>(operation: string, key: string, fn: () => Promise<T>): Promise<T> => {
    const end = hist.startTimer({ operation, type: typeOfKey(key) });
    try {
      return await fn();
    } finally {
      end();
    }
  };
  const listRevisions = inner.listRevisions?.bind(inner);
  return {
    name: inner.name,
    get: (key, opts) => time('get', key, () => inner.get(key, opts)),
    list: (prefix, opts) => time('list', prefix, () => inner.list(prefix, opts)),
    count: (prefix) => time('count', prefix, () => inner.count(prefix)),
    create: (key, value, opts) => time('create', key, () => inner.create(key, value, opts)),
    delete: (key, opts) => time('delete', key, () => inner.delete(key, opts)),
    watch: (prefix, opts) => inner.watch(prefix, opts),
    txn: (req) => time('txn', req.success[0]?.key ?? req.compares[0]?.key ?? '', () => inner.txn(req)),
    currentRevision: () => time('currentRevision', '', () => inner.currentRevision()),
    compact: (rev) => time('compact', '', () => inner.compact(rev)),
    compactedRevision: () => inner.compactedRevision(),
    grantLease: (ttl) => time('grantLease', '', () => inner.grantLease(ttl)),
    revokeLease: (id) => time('revokeLease', '', () => inner.revokeLease(id)),
    close: () => inner.close(),
    ...(inner.valueAt ? { valueAt: (key: string, rev: number) => inner.valueAt?.(key, rev) } : {}),
    ...(listRevisions
      ? {
          listRevisions: (prefix: string, opts?: ListOptions) =>
            time('list', prefix, () => listRevisions(prefix, opts)),
        }
      : {}),
  };
}
