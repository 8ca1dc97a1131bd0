/**
 * Quotas along a team's branch: the quota records a namespaced write is charged to. An object in
 * an organization's own namespace charges the Organization; one in a team namespace charges the
 * Organization first, then its team and every ancestor team (each a record with spec.quota and
 * status.usage like the Organization's). Usage counts a record's whole subtree. The tree is read
 * from the namespace's labels in storage (its revision is already a guard of every create, see
 * NamespaceLifecycle); a namespace the in-memory tree knows as an organization's root needs no read.
 */
import { ORGANIZATION_LABEL, TEAM_LABEL } from '../../api/tree.js';
import { ancestorsFromLabels, type NamespaceTree } from '../authz/namespace-tree.js';
import { namespaceKey } from '../registry/keys.js';
import { decode } from '../storage/codec.js';
import type { Storage } from '../storage/interface.js';

export interface QuotaRecords {
  /** the Organization charged (named like its namespace) */
  readonly org: string;
  /** the teams charged: the namespace's own team first, then its ancestors upward */
  readonly teams: readonly string[];
}

export async function quotaRecordsOf(
  storage: Storage,
  tree: NamespaceTree | undefined,
  namespace: string,
): Promise<QuotaRecords> {
  const alone = { org: namespace, teams: [] };
  if (!tree || tree.isOrganizationRoot(namespace)) return alone;
  const kv = await storage.get(namespaceKey(namespace));
  const labels = kv ? (decode(kv).metadata.labels ?? {}) : {};
  const org = labels[ORGANIZATION_LABEL];
  if (org === undefined || org === '' || org === namespace) return alone;
  const prefix = `${org}-`;
  const above = [...ancestorsFromLabels(namespace, labels)]
    .filter(([ns]) => ns.startsWith(prefix))
    .sort((a, b) => a[1] - b[1])
    .map(([ns]) => ns.slice(prefix.length));
  const own = labels[TEAM_LABEL];
  return { org, teams: own !== undefined && own !== '' ? [own, ...above] : above };
}

/** The namespaces a record counts: its namespace and every namespace below it. */
export function subtreeOf(tree: NamespaceTree | undefined, namespace: string): string[] {
  return [namespace, ...(tree?.descendants(namespace) ?? [])];
}
