/**
 * Service-account passwords: scrypt hashes (node:crypto, random 16-byte salt, parameters kept in
 * the record) stored under /orgplane/serviceaccount-passwords/<name>, bound to the account's uid
 * so a deleted or recreated account never accepts the old password. The password itself is
 * never stored, returned or logged.
 */
import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { passwordKey } from '../kinds/serviceaccount.js';
import type { InternalStore } from '../registry/internal.js';

export interface ScryptParams {
  readonly N: number;
  readonly r: number;
  readonly p: number;
  readonly keyLength: number;
}

/** OWASP's scrypt baseline (N=2^15, r=8, p=1): ~32 MiB and tens of milliseconds per check. */
export const DEFAULT_SCRYPT: ScryptParams = { N: 1 << 15, r: 8, p: 1, keyLength: 32 };

export const PASSWORD_MIN_LENGTH = 8;
export const PASSWORD_MAX_LENGTH = 1024;

export interface PasswordRecord extends ScryptParams {
  /** the uid of the account the password was set for */
  readonly uid: string;
  readonly algorithm: 'scrypt';
  /** base64 */
  readonly salt: string;
  /** base64 */
  readonly hash: string;
  /** RFC 3339 */
  readonly setAt: string;
}

function derive(password: string, salt: Buffer, p: ScryptParams): Promise<Buffer> {
  const opts: ScryptOptions = { N: p.N, r: p.r, p: p.p, maxmem: 256 * p.N * p.r + 1024 * 1024 };
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFC'), salt, p.keyLength, opts, (err, key) => {
      if (err) reject(err);
      else resolve(key);
    });
  });
}

/** Parameters a stored record may carry before it is refused (a corrupted record cannot DoS us). */
function sane(p: ScryptParams): boolean {
  const pow2 = p.N > 1 && (p.N & (p.N - 1)) === 0;
  return (
    pow2 &&
    p.N <= 1 << 20 &&
    p.r >= 1 &&
    p.r <= 32 &&
    p.p >= 1 &&
    p.p <= 16 &&
    p.keyLength >= 16 &&
    p.keyLength <= 64
  );
}

/** Why a new password is refused, or undefined when it is acceptable (never echoes it). */
export function passwordProblem(password: unknown): string | undefined {
  if (typeof password !== 'string') return 'Required value: a password string is required';
  if (Array.from(password).length < PASSWORD_MIN_LENGTH)
    return `Invalid value: "<redacted>": must be at least ${PASSWORD_MIN_LENGTH} characters`;
  if (Buffer.byteLength(password) > PASSWORD_MAX_LENGTH)
    return `Invalid value: "<redacted>": must be no more than ${PASSWORD_MAX_LENGTH} bytes`;
  return undefined;
}

export async function hashPassword(
  password: string,
  uid: string,
  now: Date,
  params: ScryptParams = DEFAULT_SCRYPT,
): Promise<PasswordRecord> {
  const salt = randomBytes(16);
  const hash = await derive(password, salt, params);
  return {
    uid,
    algorithm: 'scrypt',
    ...params,
    salt: salt.toString('base64'),
    hash: hash.toString('base64'),
    setAt: now.toISOString(),
  };
}

/** Constant-time check of a password against a record; false for a malformed record. */
export async function verifyPassword(record: PasswordRecord, password: string): Promise<boolean> {
  if ((record.algorithm as string) !== 'scrypt' || !sane(record)) return false;
  const want = Buffer.from(record.hash, 'base64');
  if (want.length !== record.keyLength) return false;
  const got = await derive(password, Buffer.from(record.salt, 'base64'), record);
  return timingSafeEqual(got, want);
}

export async function readPasswordRecord(
  records: Pick<InternalStore, 'get'>,
  account: string,
): Promise<PasswordRecord | undefined> {
  const kv = await records.get(passwordKey(account));
  if (!kv) return undefined;
  try {
    return JSON.parse(kv.value) as PasswordRecord;
  } catch {
    return undefined;
  }
}
