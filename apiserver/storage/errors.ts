/**
 * Typed storage failures. Backends throw only StorageError for expected outcomes; the API layer
 * turns each code into a Kubernetes Status in one place (apiserver/errors).
 */
export type StorageErrorCode =
  /** the key does not exist (or not at the requested revision) */
  | 'KeyNotFound'
  /** create of a key that already exists */
  | 'KeyExists'
  /** a compare-and-swap lost: the stored revision or uid differs from the expected one */
  | 'Conflict'
  /** the requested revision has been compacted, or a watcher fell behind and must relist */
  | 'Expired'
  /** the backend cannot be reached or refused to serve */
  | 'Unavailable'
  /** the request itself is malformed (bad continue token, revision in the future, ...) */
  | 'InvalidRequest';

export class StorageError extends Error {
  readonly code: StorageErrorCode;
  readonly key: string;
  /** for Expired: the oldest revision still available; for Conflict: the revision found */
  readonly revision: number | undefined;

  constructor(code: StorageErrorCode, key: string, message?: string, revision?: number) {
    super(message ?? `${code}: ${key}`);
    this.name = 'StorageError';
    this.code = code;
    this.key = key;
    this.revision = revision;
  }
}

export function isStorageError(err: unknown, code?: StorageErrorCode): err is StorageError {
  return err instanceof StorageError && (code === undefined || err.code === code);
}

export const keyNotFound = (key: string): StorageError =>
  new StorageError('KeyNotFound', key, `key not found: ${key}`);
export const keyExists = (key: string): StorageError =>
  new StorageError('KeyExists', key, `key exists: ${key}`);
export const conflict = (key: string, message: string, revision?: number): StorageError =>
  new StorageError('Conflict', key, message, revision);
export const expired = (key: string, message: string, revision?: number): StorageError =>
  new StorageError('Expired', key, message, revision);
export const unavailable = (message: string): StorageError => new StorageError('Unavailable', '', message);
export const invalidRequest = (key: string, message: string): StorageError =>
  new StorageError('InvalidRequest', key, message);
