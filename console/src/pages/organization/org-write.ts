/** The writes of the organization tabs: merge patches and a create checked by a server dry run first. */
import { request } from '../../api/request';
import { ORGANIZATIONS, TEAMS, resourcePath } from '../../api/paths';
import type { Team } from './org-types';

const MERGE = 'application/merge-patch+json';

/** Suspend (true) or resume (false): spec.suspended, as DESIGN.md's Organization has it. */
export const suspendPatch = (suspended: boolean): { spec: { suspended: boolean } } => ({
  spec: { suspended },
});

/** A move to `parent` ('' = directly under the organization: spec.parent removed). */
export const movePatch = (parent: string): { spec: { parent: string | null } } => ({
  spec: { parent: parent === '' ? null : parent },
});

export function setSuspended(org: string, suspended: boolean): Promise<unknown> {
  return request(resourcePath(ORGANIZATIONS, { name: org }), {
    method: 'PATCH',
    contentType: MERGE,
    body: JSON.stringify(suspendPatch(suspended)),
  });
}

export function moveTeam(org: string, team: string, parent: string): Promise<Team> {
  return request<Team>(resourcePath(TEAMS, { namespace: org, name: team }), {
    method: 'PATCH',
    contentType: MERGE,
    body: JSON.stringify(movePatch(parent)),
  });
}

export interface NewTeam {
  readonly name: string;
  readonly displayName: string;
  readonly parent: string;
}

export const teamObject = (org: string, t: NewTeam): Team => ({
  apiVersion: 'orgplane.io/v1alpha1',
  kind: 'Team',
  metadata: { name: t.name, namespace: org },
  spec: {
    ...(t.displayName.trim() !== '' ? { displayName: t.displayName.trim() } : {}),
    ...(t.parent !== '' ? { parent: t.parent } : {}),
  },
});

/** Creates the team after the server accepted it in a dry run (?dryRun=All); throws its Status. */
export async function createTeam(org: string, t: NewTeam): Promise<Team> {
  const path = resourcePath(TEAMS, { namespace: org });
  const body = teamObject(org, t);
  await request<Team>(`${path}?dryRun=All`, { method: 'POST', body });
  return request<Team>(path, { method: 'POST', body });
}
