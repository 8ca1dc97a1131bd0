/**
 * Binary key layout of the embedded store. Keys compare as raw UTF-8 bytes (etcd's order).
 *
 *   cur       utf8(key)                          → the key's current record
 *   hist      utf8(key) 0x00 rev(8 bytes, BE)    → the key's record (or tombstone) at rev
 *   leaseKeys leaseId(8 bytes, BE) utf8(key)     → marks key as attached to the lease
 *
 * User keys therefore must not contain NUL, and must fit LMDB's key size limit.
 */
import { invalidRequest } from '../errors.js';

/** LMDB's default maximum key size is 1978 bytes; keep room for the 9-byte history suffix. */
export const MAX_KEY_BYTES = 1900;

/** Keys arrive typed, but the checks hold for untyped callers too. */
export function validateKey(key: unknown): asserts key is string {
  if (typeof key !== 'string') throw invalidRequest('', 'key must be a string');
  if (key.length === 0) throw invalidRequest(key, 'key must not be empty');
  if (key.includes('\0')) throw invalidRequest(key, 'key must not contain NUL');
  if (Buffer.byteLength(key, 'utf8') > MAX_KEY_BYTES) {
    throw invalidRequest(key, `key longer than ${MAX_KEY_BYTES} bytes`);
  }
}

export function curKey(key: string): Buffer {
  return Buffer.from(key, 'utf8');
}

export function histKey(key: string, rev: number): Buffer {
  const k = Buffer.from(key, 'utf8');
  const out = Buffer.allocUnsafe(k.length + 9);
  k.copy(out, 0);
  out[k.length] = 0;
  out.writeBigUInt64BE(BigInt(rev), k.length + 1);
  return out;
}

export function decodeHistKey(buf: Uint8Array): { key: string; rev: number } {
  const b = Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength);
  const sep = b.length - 9;
  return { key: b.toString('utf8', 0, sep), rev: Number(b.readBigUInt64BE(sep + 1)) };
}

export function leaseKey(lease: number, key: string): Buffer {
  const k = Buffer.from(key, 'utf8');
  const out = Buffer.allocUnsafe(k.length + 8);
  out.writeBigUInt64BE(BigInt(lease), 0);
  k.copy(out, 8);
  return out;
}

export function leasePrefix(lease: number): Buffer {
  const out = Buffer.allocUnsafe(8);
  out.writeBigUInt64BE(BigInt(lease), 0);
  return out;
}

export function keyFromLeaseKey(buf: Uint8Array): string {
  return Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength).toString('utf8', 8);
}

/** The smallest byte string greater than every string starting with prefix; undefined: no bound. */
export function prefixEnd(prefix: Uint8Array): Buffer | undefined {
  const end = Buffer.from(prefix);
  for (let i = end.length - 1; i >= 0; i--) {
    const byte = end[i] ?? 0xff;
    if (byte < 0xff) {
      end[i] = byte + 1;
      return end.subarray(0, i + 1);
    }
  }
  return undefined;
}

/** Range bounds over `cur` for keys under prefix, starting strictly after `after` when given. */
export function curRange(prefix: string, after?: string): { start: Buffer; end?: Buffer } {
  const start = after === undefined ? curKey(prefix) : Buffer.concat([curKey(after), Buffer.from([0])]);
  const end = prefixEnd(curKey(prefix));
  return end === undefined ? { start } : { start, end };
}

/** Range bounds over `hist` for keys under prefix, starting strictly after every entry of `after`. */
export function histRange(prefix: string, after?: string): { start: Buffer; end?: Buffer } {
  const start = after === undefined ? curKey(prefix) : Buffer.concat([curKey(after), Buffer.from([1])]);
  const end = prefixEnd(curKey(prefix));
  return end === undefined ? { start } : { start, end };
}

export function validateLease(key: string, lease: unknown): void {
  if (typeof lease !== 'number' || !Number.isSafeInteger(lease) || lease < 0) {
    throw invalidRequest(key, `invalid lease ${String(lease)}`);
  }
}
