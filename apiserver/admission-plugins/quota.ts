/**
 * Exact object-count quota (kube's ResourceQuota admission, with the Organization as the quota
 * object). The counter of record is the Organization's `status.usage[<key>]`, where key is
 * `<plural>` for orgplane.io kinds and `<plural>.<group>` otherwise (core: `<plural>`).
 *
 * A key is tracked while `spec.quota[<key>]` is set on the Organization named like the namespace.
 * CREATE: usage (initialised by counting the stored objects when absent) + 1 must not exceed the
 * quota, else 403; otherwise the Organization is rewritten with usage + 1 in the same storage
 * transaction as the object, guarded by the Organization's modRevision, so N concurrent creates
 * against a quota of Q commit exactly Q (a lost race re-runs admission on a fresh read).
 * DELETE: usage - 1 (never below 0) in the transaction that removes the object from storage; a
 * DELETE that only marks the object (finalizers, foreground deletion) releases nothing, so an
 * object counts until it is gone. dryRun checks, writes nothing.
 *
 * This plugin owns usage: the quota controller only recounts the stored objects and repairs drift,
 * writing guarded by the Organization's resourceVersion, so every reservation made here commits
 * either before its count (and is counted) or after it (and makes its write conflict).
 */
import type { KubeObject } from '../../api/meta.js';
import { groupResource, type ResourceInfo } from '../../api/resource.js';
import { forbidden } from '../errors/status.js';
import { decode, encode } from '../storage/codec.js';
import { listPrefix, resourcePrefix } from '../registry/keys.js';
import type { KeyValue, Storage } from '../storage/interface.js';
import type { AdmissionPlugin, Attributes } from '../admission/types.js';

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

type Counts = Record<string, number>;

function countsOf(obj: KubeObject, section: 'spec' | 'status', field: 'quota' | 'usage'): Counts {
  const part = obj[section];
  if (typeof part !== 'object' || part === null) return {};
  const m = (part as Record<string, unknown>)[field];
  return typeof m === 'object' && m !== null ? (m as Counts) : {};
}

const asCount = (v: unknown): number | undefined =>
  typeof v === 'number' && Number.isFinite(v) ? Math.max(0, Math.floor(v)) : undefined;

/** The Organization as stored, with status.usage[key] replaced; nothing else changes. */
function withUsage(org: KubeObject, key: string, value: number): string {
  const next = structuredClone(org);
  const status =
    typeof next.status === 'object' && next.status !== null ? (next.status as Record<string, unknown>) : {};
  status['usage'] = { ...countsOf(next, 'status', 'usage'), [key]: value };
  next.status = status;
  return encode(next);
}

function contribute(a: Attributes, kv: KeyValue, org: KubeObject, key: string, value: number): void {
  a.txn.compares.push({ key: kv.key, target: 'modRevision', op: '=', value: kv.modRevision });
  a.txn.ops.push({ type: 'put', key: kv.key, value: withUsage(org, key, value) });
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
      const kv = await storage.get(ORGANIZATION_KEY_PREFIX + a.namespace);
      if (!kv) return;
      const org = decode(kv);
      const key = quotaKey(a.resource);
      const limit = asCount(countsOf(org, 'spec', 'quota')[key]);
      if (limit === undefined) return;
      const recorded = asCount(countsOf(org, 'status', 'usage')[key]);
      if (a.operation === 'DELETE') {
        if (recorded === undefined || recorded === 0 || a.dryRun) return;
        contribute(a, kv, org, key, recorded - 1);
        return;
      }
      const used = recorded ?? (await storage.count(listPrefix(a.resource, a.namespace)));
      if (used + 1 > limit) {
        throw forbidden(
          { group: a.resource.group, resource: a.resource.plural },
          a.name,
          exceededQuotaMessage(key, used, limit),
        );
      }
      if (!a.dryRun) contribute(a, kv, org, key, used + 1);
    },
  };
}
