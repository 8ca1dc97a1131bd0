import { randomInt } from 'node:crypto';
import { invalidRequest, unavailable } from '../errors.js';
import type { LeaseId } from '../interface.js';
import type { EtcdRpc } from './client.js';

/**
 * etcd picks 64-bit lease IDs that a JS number cannot hold exactly, so we choose the ID ourselves
 * below 2^48 and retry on the (unlikely) collision.
 */
const MAX_ID = 2 ** 48 - 1;

export async function grantLease(rpc: EtcdRpc, ttlSeconds: number): Promise<LeaseId> {
  if (!Number.isFinite(ttlSeconds) || ttlSeconds <= 0) {
    throw invalidRequest('', 'lease TTL must be a positive number of seconds');
  }
  const ttl = Math.ceil(ttlSeconds);
  for (let attempt = 0; attempt < 5; attempt++) {
    const id = randomInt(1, MAX_ID);
    const granted = await rpc.write('', async (c) => {
      try {
        await c.leaseClient.leaseGrant({ TTL: ttl, ID: id });
        return true;
      } catch (err) {
        if (err instanceof Error && err.message.includes('lease already exists')) return false;
        throw err;
      }
    });
    if (granted) return id;
  }
  throw unavailable('etcd: could not allocate a lease ID');
}

export async function revokeLease(rpc: EtcdRpc, id: LeaseId): Promise<void> {
  if (!Number.isSafeInteger(id) || id <= 0) return;
  await rpc.write('', async (c) => {
    try {
      await c.leaseClient.leaseRevoke({ ID: id });
    } catch (err) {
      if (!(err instanceof Error && err.message.includes('requested lease not found'))) throw err;
    }
  });
}
