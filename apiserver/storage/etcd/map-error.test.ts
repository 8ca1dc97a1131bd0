import { describe, expect, test } from '@jest/globals';
import { GRPCOutOfRangeError, GRPCUnavailableError } from 'etcd3';
import { StorageError, keyExists } from '../errors.js';
import { cleanMessage, isTransient, toStorageError, wasNotSent } from './map-error.js';

const refused = new GRPCUnavailableError(
  '14 UNAVAILABLE: No connection established. Last error: Error: connect ECONNREFUSED 127.0.0.1:2379. Resolution note: ',
);

describe('etcd error mapping', () => {
  test('compaction is Expired, request problems are InvalidRequest', () => {
    const compacted = new GRPCOutOfRangeError(
      '11 OUT_OF_RANGE: etcdserver: mvcc: required revision has been compacted',
    );
    expect(toStorageError(compacted, '/k')).toMatchObject({ code: 'Expired', key: '/k' });
    const future = new GRPCOutOfRangeError(
      '11 OUT_OF_RANGE: etcdserver: mvcc: required revision is a future revision',
    );
    expect(toStorageError(future, '/k').code).toBe('InvalidRequest');
    expect(toStorageError(new Error('etcdserver: duplicate key given in txn request')).code).toBe(
      'InvalidRequest',
    );
  });

  test('connection failures are one clean Unavailable line, safe to retry', () => {
    const err = toStorageError(refused);
    expect(err).toBeInstanceOf(StorageError);
    expect(err.code).toBe('Unavailable');
    expect(err.message).toBe('etcd unavailable: connect ECONNREFUSED 127.0.0.1:2379');
    expect(wasNotSent(refused)).toBe(true);
    expect(isTransient(refused)).toBe(true);
  });

  test('an ambiguous failure may be retried as a read but not as a write', () => {
    const timeout = new Error('4 DEADLINE_EXCEEDED: Deadline exceeded');
    expect(isTransient(timeout)).toBe(true);
    expect(wasNotSent(timeout)).toBe(false);
    expect(cleanMessage(timeout.message)).toBe('Deadline exceeded');
  });

  test('StorageErrors pass through unchanged', () => {
    const exists = keyExists('/a');
    expect(toStorageError(exists)).toBe(exists);
  });
});
