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
 * In an organization's tree (quota-branch.ts) a write in a team namespace is also charged to its
 * team and every ancestor team, and every record's usage counts its whole subtree.
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
import type { NamespaceTree } from '../authz/namespace-tree.js';
import { teamNamespace } from '../kinds/team-tree.js';
import { objectKey } from '../registry/keys.js';
import { quotaRecordsOf, subtreeOf } from './quota-branch.js';

const ORGPLANE_GROUP = 'orgplane.io';
export const ORGANIZATION_KEY_PREFIX = resourcePrefix({ group: ORGPLANE_GROUP, plural: 'organizations' });

/** The quota/usage key of a resource: "agents", "rolebindings.rbac.authorization.k8s.io". */
export function quotaKey(res: Pick<ResourceInfo, 'group' | 'plural'>): string {
  return res.group === ORGPLANE_GROUP ? res.plural : groupResource(res);
}

/** kube's ResourceQuota wording, with the quota key as the quota's name (and the team's, for a team). */
export function exceededQuotaMessage(key: string, used: number, limited: number, team?: string): string {
  const name = team === undefined ? key : `${key} of team ${team}`;
  return `exceeded quota: ${name}, requested: 1, used: ${String(used)}, limited: ${String(limited)}`;
}

const TEAMS = { group: ORGPLANE_GROUP, plural: 'teams', namespaced: true } as const;

/** One create or delete charged to a record counting the objects of `namespaces`. */
function charge(
  storage: Storage,
  a: Attributes,
  key: string,
  target: { readonly record: string; readonly namespaces: readonly string[]; readonly team?: string },
): QuotaCharge {
  return {
    record: target.record,
    usageKey: key,
    delta: a.operation === 'CREATE' ? 1 : -1,
    count: async () => {
      let n = 0;
      for (const ns of target.namespaces) n += await storage.count(listPrefix(a.resource, ns));
      return n;
    },
    exceeded: (used, limit) =>
      forbidden(
        { group: a.resource.group, resource: a.resource.plural },
        a.name,
        exceededQuotaMessage(key, used, limit, target.team),
      ),
  };
}

/** The charges of one write: its Organization first, then its team and every ancestor team. */
async function chargesOf(
  storage: Storage,
  tree: NamespaceTree | undefined,
  a: Attributes,
): Promise<QuotaCharge[]> {
  const key = quotaKey(a.resource);
  const { org, teams } = await quotaRecordsOf(storage, tree, a.namespace);
  return [
    charge(storage, a, key, { record: ORGANIZATION_KEY_PREFIX + org, namespaces: subtreeOf(tree, org) }),
    ...teams.map((team) =>
      charge(storage, a, key, {
        record: objectKey(TEAMS, org, team),
        namespaces: subtreeOf(tree, teamNamespace(org, team)),
        team,
      }),
    ),
  ];
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

/** `tree` (the authorizer's namespace tree) enables quotas along team branches. */
export function quotaAdmission(storage: Storage, tree?: NamespaceTree): AdmissionPlugin {
  return {
    name: 'ResourceQuota',
    handles: (a: Attributes) =>
      (a.operation === 'CREATE' || a.operation === 'DELETE') &&
      a.resource.namespaced &&
      !a.resource.virtual &&
      a.subresource === '' &&
      a.namespace !== '',
    async validate(a: Attributes): Promise<void> {
      const charges = await chargesOf(storage, tree, a);
      if (!a.dryRun) a.txn.charges.push(...charges);
      else for (const c of charges) await checkOnly(storage, c);
    },
  };
}
