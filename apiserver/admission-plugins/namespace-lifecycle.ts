/**
 * NamespaceLifecycle (kube's admission plugin): namespaced objects are created only in an
 * existing namespace that is not terminating. The namespace's revision joins the create's
 * transaction, so a namespace marked for deletion meanwhile makes the create retry and fail.
 * The namespace is read from the watch cache when it holds it (kube reads an informer): a stale
 * copy only costs a retry, since the guard is on the revision read; else as stored now. Whether a
 * cached namespace is terminating is decoded once per cached version, not on every create.
 */
import { ApiError, notFound } from '../errors/status.js';
import { txnCompareOf, type Guard, type InternalStore } from '../registry/internal.js';
import { NAMESPACES, NAMESPACES_PREFIX, namespaceKey } from '../registry/keys.js';
import type { WatchCache } from '../cache/cacher.js';
import { decodeEntry, type Entry } from '../cache/entry.js';
import type { AdmissionPlugin, Attributes } from '../admission/types.js';

type Internal = Pick<InternalStore, 'incarnation'>;

interface NamespaceState {
  readonly terminating: boolean;
  /** the guard that the namespace is unchanged since read */
  readonly unchanged: Guard;
}

/** cached namespace versions (the cache replaces an entry when its namespace changes) → terminating */
const terminatingOf = new WeakMap<Entry, boolean>();

function cachedTerminating(e: Entry): boolean {
  let t = terminatingOf.get(e);
  if (t === undefined) {
    t = decodeEntry(e).metadata.deletionTimestamp !== undefined;
    terminatingOf.set(e, t);
  }
  return t;
}

/** The namespace as the cache holds it, else as stored now; undefined when it does not exist. */
async function readNamespace(
  internal: Internal,
  cache: WatchCache | undefined,
  name: string,
): Promise<NamespaceState | undefined> {
  const key = namespaceKey(name);
  const hit = cache?.resource(NAMESPACES_PREFIX)?.get(key);
  if (hit) return { terminating: cachedTerminating(hit), unchanged: { unchanged: key, revision: hit.rev } };
  const stored = await internal.incarnation(NAMESPACES, '', name);
  return (
    stored && {
      terminating: stored.object.metadata.deletionTimestamp !== undefined,
      unchanged: stored.unchanged,
    }
  );
}

export function namespaceLifecycle(internal: Internal, cache?: WatchCache): AdmissionPlugin {
  return {
    name: 'NamespaceLifecycle',
    handles: (a: Attributes) => a.operation === 'CREATE' && a.resource.namespaced && !a.resource.virtual,
    async validate(a: Attributes): Promise<void> {
      const found = await readNamespace(internal, cache, a.namespace);
      if (!found) throw notFound({ group: '', resource: 'namespaces' }, a.namespace);
      if (found.terminating) {
        throw new ApiError(
          403,
          'Forbidden',
          `${a.resource.plural}${a.resource.group ? '.' + a.resource.group : ''} "${a.name}" is forbidden: unable to create new content in namespace ${a.namespace} because it is being terminated`,
          {
            name: a.name,
            group: a.resource.group,
            kind: a.resource.plural,
            causes: [
              {
                reason: 'NamespaceTerminating',
                message: `namespace ${a.namespace} is being terminated`,
                field: 'metadata.namespace',
              },
            ],
          },
        );
      }
      a.txn.compares.push(txnCompareOf(found.unchanged));
    },
  };
}
