import type { IEvent } from 'etcd3';
import type { WatchEvent } from '../interface.js';
import { toKeyValue } from './convert.js';
import { present } from './txn.js';

/** etcd's event as a storage WatchEvent (without prev_kv requested: no prev, a bare delete). */
export function toWatchEvent(ev: IEvent): WatchEvent {
  const kv = toKeyValue(ev.kv);
  const prev = present(ev.prev_kv);
  // proto-loader reports the enum by its proto name (PUT, DELETE), not etcd3's typed 'Put'/'Delete'.
  if (ev.type.toUpperCase() === 'DELETE') {
    // A delete event's kv carries only the key and the delete's revision; prev_kv is the last state.
    return { type: 'delete', key: kv.key, revision: kv.modRevision, kv: prev ?? kv };
  }
  if (kv.createRevision === kv.modRevision || prev === undefined) {
    return {
      type: kv.createRevision === kv.modRevision ? 'create' : 'update',
      key: kv.key,
      revision: kv.modRevision,
      kv,
    };
  }
  return { type: 'update', key: kv.key, revision: kv.modRevision, kv, prev };
}
