/**
 * The one retry loop of every write (create, update, patch, delete): an attempt reads, decides
 * and commits in one storage txn guarded by what it read; when the txn loses a race the whole
 * attempt runs again on a fresh read, so decisions (admission, quota) always hold at commit time.
 */
import { groupResource, type ResourceInfo } from '../../api/resource.js';
import { ApiError } from '../errors/status.js';
import { KeyedMutex } from './keyed-mutex.js';

const MAX_ATTEMPTS = 200;

/**
 * One attempt: done with its result, or lost a race. `guards` are the keys admission guarded
 * besides the object (an Organization's quota usage).
 */
export type Attempt<T> =
  { readonly done: true; readonly result: T } | { readonly done: false; readonly guards: readonly string[] };

/** The keys a txn's compares guard besides the object's own `key`. */
export function guardsOf(compares: readonly { readonly key: string }[], key: string): string[] {
  return compares.map((c) => c.key).filter((k) => k !== key);
}

/**
 * Keys guarded besides the object: after a lost race, later attempts of this process take them in
 * turn instead of colliding again.
 */
const GUARDS = new KeyedMutex();

/**
 * After a lost race: retry at once the first times, then after a short random pause that grows
 * with the attempts, so writers contending for one key spread out instead of colliding in lockstep.
 */
function backoff(attempt: number): Promise<void> {
  if (attempt < 2) return Promise.resolve();
  const ms = Math.random() * Math.min(50, 2 * attempt);
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Run `attempt` until it is done or throws; a 409 after too many lost races on `name`. */
export async function untilCommitted<T>(
  res: ResourceInfo,
  name: string,
  attempt: () => Promise<Attempt<T>>,
): Promise<T> {
  let guarded: readonly string[] = [];
  for (let n = 0; n < MAX_ATTEMPTS; n++) {
    const release = guarded.length > 0 ? await GUARDS.lock(guarded) : undefined;
    try {
      const outcome = await attempt();
      if (outcome.done) return outcome.result;
      guarded = outcome.guards;
    } finally {
      release?.();
    }
    if (guarded.length === 0) await backoff(n);
  }
  throw new ApiError(409, 'Conflict', `too many concurrent writes to ${groupResource(res)} "${name}"`);
}
