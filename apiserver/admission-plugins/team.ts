/**
 * TeamTree: a Team's place in its organization's namespace tree, kept in the storage transaction
 * that writes the Team.
 * - CREATE: the Team lives in an Organization's namespace; its name is a DNS label whose namespace
 *   `<org>-<team>` fits 63 characters; its parent exists in the same organization without making a
 *   cycle (every problem is one 422 cause). Its namespace is created in the same transaction with
 *   the organization, team and tree labels (409 when that namespace exists), and the Team gets the
 *   `orgplane.io/team` finalizer (the team controller tears its subtree down).
 * - UPDATE of spec.parent (a move): the same parent checks; the team's namespace and every
 *   namespace below it are relabelled in the same transaction; names do not change.
 * Teams of the chain above join the transaction's guards, so a concurrent move retries.
 */
import type { KubeObject } from '../../api/meta.js';
import { objectOr } from '../../api/json.js';
import type { ResourceInfo } from '../../api/resource.js';
import { ancestorsFromLabels } from '../authz/namespace-tree.js';
import { alreadyExists, invalid } from '../errors/status.js';
import {
  chainAbove,
  nameErrors,
  namespaceLabels,
  TEAM_FINALIZER,
  teamNamespace,
  teamNode,
  treeLabel,
  type TeamNode,
} from '../kinds/team-tree.js';
import { namespaceKey, NAMESPACES_PREFIX, objectKey, resourcePrefix } from '../registry/keys.js';
import { prepareForCreate } from '../registry/strategy.js';
import type { KindStrategy } from '../registry/types.js';
import { decode, encode } from '../storage/codec.js';
import type { KeyValue, Storage } from '../storage/interface.js';
import type { FieldError } from '../validation/field.js';
import { invalid as invalidField } from '../validation/field.js';
import type { AdmissionPlugin, Attributes } from '../admission/types.js';

const ORGPLANE = 'orgplane.io';
export const TEAMS = { group: ORGPLANE, plural: 'teams', namespaced: true } as const;
const ORGANIZATIONS = { group: ORGPLANE, plural: 'organizations', namespaced: false } as const;

export const isTeams = (res: Pick<ResourceInfo, 'group' | 'plural'>): boolean =>
  res.group === ORGPLANE && res.plural === 'teams';

export interface TeamTreeDeps {
  readonly storage: Storage;
  readonly namespaceResource: () => ResourceInfo | undefined;
  readonly namespaceHooks: KindStrategy;
  readonly now: () => Date;
}

/** The organization's stored teams by name, with their key-values. */
export async function teamsOf(
  storage: Storage,
  org: string,
): Promise<{ nodes: Map<string, TeamNode>; kvs: Map<string, KeyValue> }> {
  const { items } = await storage.list(`${resourcePrefix(TEAMS)}${org}/`);
  const nodes = new Map<string, TeamNode>();
  const kvs = new Map<string, KeyValue>();
  for (const kv of items) {
    const node = teamNode(decode(kv));
    nodes.set(node.name, node);
    kvs.set(node.name, kv);
  }
  return { nodes, kvs };
}

const parentOf = (obj: KubeObject | undefined): string | undefined => {
  const p = objectOr(obj?.spec).parent;
  return typeof p === 'string' && p !== '' ? p : undefined;
};

/** A new team namespace as the namespace strategy would build it. */
function newNamespace(
  deps: TeamTreeDeps,
  name: string,
  labels: Record<string, string>,
): KubeObject | undefined {
  const nsRes = deps.namespaceResource();
  if (!nsRes) return undefined;
  const ns: KubeObject = { apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels }, spec: {} };
  prepareForCreate(nsRes, ns, deps.now());
  deps.namespaceHooks.prepareForCreate?.(ns);
  return ns;
}

async function createNamespace(
  deps: TeamTreeDeps,
  a: Attributes,
  ancestors: readonly string[],
): Promise<void> {
  const name = teamNamespace(a.namespace, a.name);
  const key = namespaceKey(name);
  if (await deps.storage.get(key)) throw alreadyExists({ group: '', resource: 'namespaces' }, name);
  const ns = newNamespace(deps, name, namespaceLabels(a.namespace, a.name, ancestors));
  if (!ns) return;
  a.txn.compares.push({ key, target: 'createRevision', op: '=', value: 0 });
  a.txn.ops.push({ type: 'put', key, value: encode(ns) });
}

/** etcd refuses a txn of more than 128 operations: a move relabels at most this many namespaces. */
export const MAX_MOVED_NAMESPACES = 100;

/** Relabel the moved team's namespace and every namespace below it for the new ancestors. */
async function relabelSubtree(
  deps: TeamTreeDeps,
  a: Attributes,
  ancestors: readonly string[],
): Promise<void> {
  const org = a.namespace;
  const top = teamNamespace(org, a.name);
  const { items } = await deps.storage.list(NAMESPACES_PREFIX);
  const nsOf = items.map((kv) => ({ kv, ns: decode(kv) }));
  const self = nsOf.find((x) => x.ns.metadata.name === top);
  if (!self) return;
  const oldAbove = [...ancestorsFromLabels(top, self.ns.metadata.labels ?? {}).keys()];
  const newAbove = [...ancestors.map((t) => teamNamespace(org, t)), org];
  const selfLabel = treeLabel(top);
  const moved = nsOf.filter(({ ns }) => ns.metadata.labels?.[selfLabel] !== undefined).length;
  if (moved > MAX_MOVED_NAMESPACES)
    throw invalid({ group: ORGPLANE, kind: 'Team' }, a.name, [
      invalidField(
        'spec.parent',
        parentOf(a.object) ?? '',
        `a move relabels at most ${String(MAX_MOVED_NAMESPACES)} namespaces in one transaction; this subtree has ${String(moved)}: move its sub-teams first`,
      ),
    ]);
  for (const { kv, ns } of nsOf) {
    const stale = new Set(oldAbove.map(treeLabel));
    const labels = Object.fromEntries(
      Object.entries(ns.metadata.labels ?? {}).filter(([k]) => !stale.has(k)),
    );
    const d = Number(labels[selfLabel]);
    if (!Number.isInteger(d) || d < 0) continue;
    newAbove.forEach((n, i) => (labels[treeLabel(n)] = String(d + i + 1)));
    ns.metadata.labels = labels;
    a.txn.compares.push({ key: kv.key, target: 'modRevision', op: '=', value: kv.modRevision });
    a.txn.ops.push({ type: 'put', key: kv.key, value: encode(ns) });
  }
}

export function teamTree(deps: TeamTreeDeps): AdmissionPlugin {
  return {
    name: 'TeamTree',
    handles: (a: Attributes) =>
      isTeams(a.resource) && (a.operation === 'CREATE' || a.operation === 'UPDATE') && a.subresource === '',
    admit(a: Attributes): void {
      const obj = a.object;
      if (a.operation !== 'CREATE' || !obj) return;
      const finalizers = obj.metadata.finalizers ?? [];
      if (!finalizers.includes(TEAM_FINALIZER)) obj.metadata.finalizers = [...finalizers, TEAM_FINALIZER];
    },
    async validate(a: Attributes): Promise<void> {
      const org = a.namespace;
      const parent = parentOf(a.object);
      const creating = a.operation === 'CREATE';
      const moving = creating || parent !== parentOf(a.oldObject);
      if (!moving) return;
      const causes: FieldError[] = creating ? nameErrors(org, a.name) : [];
      const orgKv = await deps.storage.get(objectKey(ORGANIZATIONS, '', org));
      if (!orgKv)
        causes.push(
          invalidField('metadata.namespace', org, 'teams live in the namespace of their Organization'),
        );
      const { nodes, kvs } = await teamsOf(deps.storage, org);
      const chain = chainAbove(nodes, org, a.name, parent);
      if (!chain.ok) causes.push(chain.error);
      if (parent !== undefined && nodes.get(parent)?.deleting === true)
        causes.push(invalidField('spec.parent', parent, 'the parent team is being deleted'));
      if (causes.length > 0 || !chain.ok) throw invalid({ group: ORGPLANE, kind: 'Team' }, a.name, causes);
      for (const t of chain.ancestors) {
        const kv = kvs.get(t);
        if (kv) a.txn.compares.push({ key: kv.key, target: 'modRevision', op: '=', value: kv.modRevision });
      }
      if (creating) await createNamespace(deps, a, chain.ancestors);
      else await relabelSubtree(deps, a, chain.ancestors);
    },
  };
}
