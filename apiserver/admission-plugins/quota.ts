/**
 * Exact object-count quota (kube's ResourceQuota admission, with the Organization as the quota
 * object). The counter of record is the Organization's `status.usage[<key>]`, where key is
 * `<plural>` for orgplane.io kinds and `<plural>.<group>` otherwise (core: `<plural>`).
 *
 * A key is tracked while `spec.quota[<key>]` is set on the Organization named like the namespace.
 * Every CREATE and DELETE of a namespaced object charges the Organization named like its
 * namespace (a QuotaCharge); the registry applies the charge when it commits, in the object's own
 * transaction guarded by the Organization's modRevision, batching the concurrent writes of one
 * organization into one transaction (registry/group-commit.ts). CREATE: usage (initialised by
 * counting the stored objects when absent) + 1 must not exceed the quota, else 403, so N
 * concurrent creates against a quota of Q commit exactly Q. DELETE: usage - 1 (never below 0) in
 * the transaction that removes the object; a DELETE that only marks the object (finalizers,
 * foreground deletion) releases nothing, so an object counts until it is gone. dryRun checks the
 * stored Organization and reserves nothing.
 *
 * This plugin owns usage: the quota controller only recounts the stored objects and repairs drift,
 * writing guarded by the Organization's resourceVersion, so every reservation made here commits
 * either before its count (and is counted) or after it (and makes its write conflict).
 */
import { groupResource, type ResourceInfo } from '../../api/resource.js';
import { forbidden } from '../errors/status.js';
import { decode } from '../storage/codec.js';
import { listPrefix, resourcePrefix } from '../registry/keys.js';
import type { Storage } from '../storage/interface.js';
import type { AdmissionPlugin, Attributes, QuotaCharge } from '../admission/types.js';
import { applyCharge, limitOf, recordedUsage } from '../registry/quota-usage.js';

const ORGPLANE_GROUP = 'orgplane.io';
export const ORGANIZATION_KEY_PREFIX = resourcePrefix({ group: ORGPLANE_GROUP, plural: 'organizations' });

/** The quota/usage key of a resource: "agents", "rolebindings.rbac.authorization.k8s.io". */
export function quotaKey(res: Pick<ResourceInfo, 'group' | 'plural'>): string {
  return res.group === ORGPLANE_GROUP ? res.plural : groupResource(res);
}

/** kube's ResourceQuota wording, with the quota key as the quota's name. */
export function exceededQuotaMessage(key: string, used: number, limited: number): string {
  return `exceeded quota: ${key}, requested: 1, used: ${String(used)}, limited: ${String(limited)}`;
}

/** The charge of one create or delete in `a.namespace` to the Organization of that name. */
function charge(storage: Storage, a: Attributes, key: string): QuotaCharge {
  return {
    record: ORGANIZATION_KEY_PREFIX + a.namespace,
    usageKey: key,
    delta: a.operation === 'CREATE' ? 1 : -1,
    count: () => storage.count(listPrefix(a.resource, a.namespace)),
    exceeded: (used, limit) =>
      forbidden(
        { group: a.resource.group, resource: a.resource.plural },
        a.name,
        exceededQuotaMessage(key, used, limit),
      ),
  };
}

/** dryRun: the same decision on the Organization as stored now, nothing reserved. */
async function checkOnly(storage: Storage, c: QuotaCharge): Promise<void> {
  const kv = await storage.get(c.record);
  if (!kv || c.delta < 0) return;
  const org = decode(kv);
  const limit = limitOf(org, c.usageKey);
  if (limit === undefined) return;
  const out = await applyCharge(c, limit, recordedUsage(org, c.usageKey));
  if (out.refused) throw out.refused;
}

export function quotaAdmission(storage: Storage): AdmissionPlugin {
  return {
    name: 'ResourceQuota',
    handles: (a: Attributes) =>
      (a.operation === 'CREATE' || a.operation === 'DELETE') &&
      a.resource.namespaced &&
      !a.resource.virtual &&
      a.subresource === '' &&
      a.namespace !== '',
    async validate(a: Attributes): Promise<void> {
      const c = charge(storage, a, quotaKey(a.resource));
      if (a.dryRun) await checkOnly(storage, c);
      else a.txn.charges.push(c);
    },
  };
}
