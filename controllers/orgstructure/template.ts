/**
 * Applying an OrganizationTemplate's structure to a new Organization (once, recorded by the
 * TemplateApplied condition): its teams (parents first), groups and role bindings, each owned by
 * the Organization. Objects that already exist are left as they are.
 */
import type { KubeObject, OwnerReference } from '../../api/meta.js';
import type { OrganizationTemplateSpec } from '../../api/orgtemplate.js';
import type { ApiClient } from '../runtime/client.js';
import { isAlreadyExists } from '../runtime/errors.js';
import { GROUPS, ROLE_BINDINGS, TEAMS, apiVersion, type ResourceType } from '../runtime/resources.js';
import type { Organization } from '../types.js';

const RBAC = 'rbac.authorization.k8s.io';

export function ownerOf(org: Organization): OwnerReference {
  return {
    apiVersion: org.apiVersion,
    kind: 'Organization',
    name: org.metadata.name ?? '',
    uid: org.metadata.uid ?? '',
    controller: true,
    blockOwnerDeletion: true,
  };
}

async function createIfAbsent(client: ApiClient, res: ResourceType, obj: KubeObject): Promise<void> {
  try {
    await client.create(res, { ...obj, apiVersion: apiVersion(res), kind: res.kind });
  } catch (err) {
    if (!isAlreadyExists(err)) throw err;
  }
}

type TemplateTeam = NonNullable<OrganizationTemplateSpec['teams']>[number];

/** Template teams ordered so that each comes after its parent (unknown parents: as given). */
export function parentsFirst(teams: readonly TemplateTeam[]): TemplateTeam[] {
  const out: TemplateTeam[] = [];
  const placed = new Set<string>();
  const names = new Set(teams.map((t) => t.name));
  let pending = [...teams];
  while (pending.length > 0) {
    const ready = pending.filter((t) => !t.parent || placed.has(t.parent) || !names.has(t.parent));
    if (ready.length === 0) return [...out, ...pending];
    for (const t of ready) {
      out.push(t);
      placed.add(t.name);
    }
    pending = pending.filter((t) => !ready.includes(t));
  }
  return out;
}

export async function applyTemplate(
  client: ApiClient,
  org: Organization,
  spec: OrganizationTemplateSpec,
): Promise<void> {
  const ns = org.metadata.name ?? '';
  const meta = (name: string, namespace = ns): KubeObject['metadata'] => ({
    name,
    namespace,
    ownerReferences: [ownerOf(org)],
  });
  for (const t of parentsFirst(spec.teams ?? []))
    await createIfAbsent(client, TEAMS, {
      apiVersion: '',
      kind: '',
      metadata: meta(t.name),
      spec: {
        ...(t.displayName !== undefined ? { displayName: t.displayName } : {}),
        ...(t.parent !== undefined ? { parent: t.parent } : {}),
        ...(t.quota !== undefined ? { quota: t.quota } : {}),
      },
    });
  for (const g of spec.groups ?? [])
    await createIfAbsent(client, GROUPS, {
      apiVersion: '',
      kind: '',
      metadata: meta(g.name),
      spec: { ...(g.description !== undefined ? { description: g.description } : {}), members: [] },
    });
  for (const b of spec.roleBindings ?? [])
    await createIfAbsent(client, ROLE_BINDINGS, {
      apiVersion: '',
      kind: '',
      metadata: meta(b.name, b.team !== undefined ? `${ns}-${b.team}` : ns),
      roleRef: { apiGroup: RBAC, kind: 'ClusterRole', name: b.clusterRole },
      subjects: (b.groups ?? []).map((name) => ({ apiGroup: RBAC, kind: 'Group', name })),
    });
}
