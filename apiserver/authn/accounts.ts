/**
 * The in-memory index of ServiceAccounts (orgplane.io/v1alpha1, cluster-scoped) every credential
 * check consults instead of reading storage per request. Kept current by a watch on the
 * serviceaccounts prefix, so deleting, recreating (new uid) or disabling an account ends its tokens
 * and password on this server as soon as the event arrives.
 */
import type winston from 'winston';
import type { KubeObject } from '../../api/meta.js';
import { GROUP } from '../../api/group.js';
import { resourcePrefix } from '../registry/keys.js';
import type { InternalStore, StoredRecord } from '../registry/internal.js';
import { followPrefix, type Follower } from './follow.js';

export const SERVICEACCOUNTS_PREFIX = resourcePrefix({ group: GROUP, plural: 'serviceaccounts' });

export interface AccountState {
  readonly name: string;
  readonly uid: string;
  /** spec.disabled, or the account is being deleted */
  readonly disabled: boolean;
}

function stateOf(kv: StoredRecord): AccountState | undefined {
  try {
    const obj = JSON.parse(kv.value) as KubeObject & { spec?: { disabled?: unknown } };
    const name = obj.metadata.name ?? kv.key.slice(SERVICEACCOUNTS_PREFIX.length);
    const uid = obj.metadata.uid ?? '';
    if (uid === '') return undefined;
    const disabled = obj.spec?.disabled === true || obj.metadata.deletionTimestamp !== undefined;
    return { name, uid, disabled };
  } catch {
    return undefined;
  }
}

export interface AccountIndex {
  readonly ready: Promise<void>;
  /** the account named `name`, as last seen */
  get(name: string): AccountState | undefined;
  /** true when the named account exists with this uid and is not disabled */
  isActive(name: string, uid: string): boolean;
  /** resolves true once the index reflects storage revision `rev` */
  caughtUp(rev: number, timeoutMs?: number): Promise<boolean>;
  stop(): void;
}

export function watchServiceAccounts(
  source: Pick<InternalStore, 'list' | 'watch'>,
  logger: winston.Logger,
): AccountIndex {
  const byKey = new Map<string, AccountState>();
  const byName = new Map<string, AccountState>();
  const put = (kv: StoredRecord): void => {
    const st = stateOf(kv);
    if (st) {
      byKey.set(kv.key, st);
      byName.set(st.name, st);
    } else drop(kv.key);
  };
  const drop = (key: string): void => {
    const st = byKey.get(key);
    byKey.delete(key);
    if (st) byName.delete(st.name);
  };
  const follower: Follower = followPrefix(
    source,
    SERVICEACCOUNTS_PREFIX,
    {
      reset: (items) => {
        byKey.clear();
        byName.clear();
        for (const kv of items) put(kv);
      },
      apply: (ev) => {
        if (ev.type === 'delete') drop(ev.key);
        else put(ev.record);
      },
    },
    logger,
  );
  return {
    ready: follower.ready,
    get: (name) => byName.get(name),
    isActive: (name, uid) => {
      const st = byName.get(name);
      return st !== undefined && uid !== '' && st.uid === uid && !st.disabled;
    },
    caughtUp: (rev, timeoutMs) => follower.caughtUp(rev, timeoutMs),
    stop: () => {
      follower.stop();
    },
  };
}
