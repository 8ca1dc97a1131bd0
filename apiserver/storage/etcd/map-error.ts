import { StorageError, expired, invalidRequest, unavailable, type StorageErrorCode } from '../errors.js';

/** etcd's answer to a read, compaction or watch below the compacted revision. */
const COMPACTED = 'required revision has been compacted';

/** Request-shaped failures etcd reports; everything not listed is treated as unavailability. */
const INVALID: readonly (readonly [string, string])[] = [
  ['required revision is a future revision', 'the requested revision is in the future'],
  ['requested lease not found', 'lease not found (expired or revoked)'],
  ['duplicate key given in txn request', 'a transaction writes the same key twice'],
  ['too many operations in txn request', 'too many operations in one transaction'],
  ['request is too large', 'request too large for etcd (--max-request-bytes)'],
  ['key is not provided', 'empty key'],
];

/**
 * Failures that guarantee the request never reached etcd (or etcd refused it before applying it),
 * so even a write may be retried without risk of applying it twice.
 */
const NOT_SENT = /No connection established|ECONNREFUSED|circuit breaker is open|etcdserver: no leader/;

const errorMessage = (err: unknown): string => (err instanceof Error ? err.message : String(err));

/** One line, without grpc's "14 UNAVAILABLE:" and "etcdserver:" decorations. */
export function cleanMessage(message: string): string {
  const last = /Last error: (?:Error: )?(.*?)\.? Resolution note/.exec(message);
  if (last?.[1] !== undefined) return last[1];
  const line = message.split('\n')[0] ?? message;
  return line.replace(/^\d+ [A-Z_]+: /, '').replace(/^etcdserver: /, '');
}

/** Translate any etcd3/grpc failure into a StorageError; StorageErrors pass through unchanged. */
export function toStorageError(err: unknown, key = ''): StorageError {
  if (err instanceof StorageError) return err;
  const message = errorMessage(err);
  if (message.includes(COMPACTED)) return expired(key, `revision has been compacted: ${key}`);
  for (const [needle, text] of INVALID) {
    if (message.includes(needle)) return invalidRequest(key, `${text}: ${key}`);
  }
  if (message.includes('client was already closed')) return unavailable('etcd storage is closed');
  return unavailable(`etcd unavailable: ${cleanMessage(message)}`);
}

export const isCompacted = (err: unknown): boolean => errorMessage(err).includes(COMPACTED);

/** The request was certainly not applied: safe to retry any operation. */
export const wasNotSent = (err: unknown): boolean => NOT_SENT.test(errorMessage(err));

/** Worth retrying a read: the failure is about reaching etcd, not about the request. */
export function isTransient(err: unknown): boolean {
  const code: StorageErrorCode = toStorageError(err).code;
  return code === 'Unavailable' && !errorMessage(err).includes('client was already closed');
}
