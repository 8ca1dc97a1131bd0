/**
 * Teams and groups refuse bad input with one status listing every bad field and write nothing
 * (embedded store): names whose namespace would pass 63 characters, missing parents, parents of
 * another organization, cycles, a team namespace that exists (409), group members that are not
 * user names, deleting a team that is not empty (409). Groups grant their members the bindings
 * naming them, inside the organization only, and changing members is guarded against escalation.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startTestServer, type TestServer } from '../support/apiserver.js';
import {
  agent,
  agentsPath,
  as,
  bind,
  binding,
  canI,
  eventually,
  make,
  ORG,
  team,
  teamsPath,
} from '../support/teams.js';

const org = (name: string): unknown => ({
  apiVersion: 'orgplane.io/v1alpha1',
  kind: 'Organization',
  metadata: { name },
});
const group = (name: string, members: string[]): unknown => ({
  apiVersion: 'orgplane.io/v1alpha1',
  kind: 'Group',
  metadata: { name },
  spec: { members },
});
const causes = (r: { json: unknown }): string[] =>
  ((r.json as { details?: { causes?: { field: string }[] } }).details?.causes ?? [])
    .map((c) => c.field)
    .sort();

describe('team and group input', () => {
  let ts: TestServer;
  const teamCount = async (): Promise<number> =>
    ((await ts.call('GET', teamsPath('acme'))).json as { items: unknown[] }).items.length;

  beforeAll(async () => {
    ts = await startTestServer('embedded');
    await make(ts, `${ORG}/organizations`, org('acme'));
    await make(ts, `${ORG}/organizations`, org('other'));
    await make(ts, '/api/v1/namespaces', {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: 'plain' },
    });
    await make(ts, teamsPath('acme'), team('eng'));
    await make(ts, teamsPath('acme'), team('be', 'eng'));
  }, 60_000);

  afterAll(async () => {
    await ts.stop();
  });

  it('refuses each bad field with 422, all at once, and writes nothing', async () => {
    const before = await teamCount();
    const long = 'x'.repeat(60);
    const both = await ts.call('POST', teamsPath('acme'), { body: team(long, 'nowhere') });
    expect(both.status).toBe(422);
    expect(causes(both)).toEqual(['metadata.name', 'spec.parent']);
    const other = await ts.call('POST', teamsPath('acme'), { body: team('t1', 'other/eng') });
    expect([other.status, causes(other)]).toEqual([422, ['spec.parent']]);
    const self = await ts.call('POST', teamsPath('acme'), { body: team('t2', 't2') });
    expect([self.status, causes(self)]).toEqual([422, ['spec.parent']]);
    const notOrg = await ts.call('POST', teamsPath('plain'), { body: team('t3') });
    expect([notOrg.status, causes(notOrg)]).toEqual([422, ['metadata.namespace']]);
    expect(await teamCount()).toBe(before);
    expect((await ts.call('GET', `/api/v1/namespaces/acme-${long}`)).status).toBe(404);
    expect((await ts.call('GET', '/api/v1/namespaces/acme-t1')).status).toBe(404);
  });

  it('names the cycle a move would make and leaves the tree as it was', async () => {
    const r = await ts.call('PATCH', `${teamsPath('acme')}/eng`, {
      contentType: 'application/merge-patch+json',
      body: { spec: { parent: 'be' } },
    });
    expect(r.status).toBe(422);
    expect((r.json as { message: string }).message).toContain('eng -> be -> eng');
    const eng = await ts.call('GET', `${teamsPath('acme')}/eng`);
    expect((eng.json as { spec: { parent?: string } }).spec.parent).toBeUndefined();
  });

  it('answers 409 when the team namespace exists, writing nothing', async () => {
    await make(ts, `${ORG}/organizations`, org('acme-taken'));
    const r = await ts.call('POST', teamsPath('acme'), { body: team('taken') });
    expect(r.status).toBe(409);
    expect((r.json as { reason: string }).reason).toBe('AlreadyExists');
    expect((await ts.call('GET', `${teamsPath('acme')}/taken`)).status).toBe(404);
    // and an organization cannot take a team's namespace
    const o = await ts.call('POST', `${ORG}/organizations`, { body: org('acme-eng') });
    expect(o.status).toBe(409);
  });

  it('refuses to delete a team with children or objects unless cascading is allowed', async () => {
    await make(ts, agentsPath('acme-be'), agent('keep'));
    const withChild = await ts.call('DELETE', `${teamsPath('acme')}/eng`);
    expect(withChild.status).toBe(409);
    expect((withChild.json as { message: string }).message).toContain('child teams [be]');
    const withObjects = await ts.call('DELETE', `${teamsPath('acme')}/be`);
    expect(withObjects.status).toBe(409);
    expect((withObjects.json as { message: string }).message).toContain('allowCascadingDeletion');
    expect((await ts.call('GET', `${teamsPath('acme')}/be`)).status).toBe(200);
  });

  it('keeps tree labels away from everyone but the server', async () => {
    await bind(ts, 'acme', binding('ns-editor', 'cluster-admin', { kind: 'User', name: 'nsed' }));
    await eventually(() => canI(ts, 'nsed', 'create', 'agents', 'acme'));
    const r = await ts.call('PATCH', '/api/v1/namespaces/acme', {
      ...as('nsed'),
      contentType: 'application/merge-patch+json',
      body: { metadata: { labels: { 'acme-eng.tree.orgplane.io/depth': '1' } } },
    });
    expect([r.status, causes(r)]).toEqual([422, ['metadata.labels']]);
  });

  it('refuses group members that are not user names', async () => {
    const r = await ts.call('POST', `${ORG}/namespaces/acme/groups`, {
      body: group('g', ['ok', 'has space', '']),
    });
    expect(r.status).toBe(422);
    expect(causes(r)).toEqual(['spec.members[1]', 'spec.members[2]']);
  });

  it('grants a group’s bindings to its members within the organization, from the next request', async () => {
    await make(ts, `${ORG}/namespaces/acme/groups`, group('devs', []));
    await bind(ts, 'acme-eng', binding('devs', 'developer', { kind: 'Group', name: 'devs' }));
    await make(ts, '/apis/rbac.authorization.k8s.io/v1/clusterrolebindings', {
      ...(binding('devs-everywhere', 'viewer', { kind: 'Group', name: 'devs' }) as object),
      kind: 'ClusterRoleBinding',
    });
    expect(await canI(ts, 'gina', 'create', 'agents', 'acme-be')).toBe(false);
    const add = await ts.call('PATCH', `${ORG}/namespaces/acme/groups/devs`, {
      contentType: 'application/merge-patch+json',
      body: { spec: { members: ['gina'] } },
    });
    expect(add.status).toBe(200);
    expect(await eventually(() => canI(ts, 'gina', 'create', 'agents', 'acme-be'))).toBe(true);
    expect(await canI(ts, 'gina', 'create', 'agents', 'acme')).toBe(false);
    expect((await ts.call('GET', agentsPath('other'), as('gina'))).status).toBe(403);
  });

  it('refuses a member change by someone who does not hold what the group grants', async () => {
    await make(ts, '/apis/rbac.authorization.k8s.io/v1/namespaces/acme/roles', {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'Role',
      metadata: { name: 'group-editor' },
      rules: [{ apiGroups: ['orgplane.io'], resources: ['groups'], verbs: ['get', 'update', 'patch'] }],
    });
    await bind(ts, 'acme', {
      ...(binding('greg', 'x', { kind: 'User', name: 'greg' }) as object),
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'group-editor' },
    });
    await eventually(() => canI(ts, 'greg', 'patch', 'groups', 'acme'));
    const r = await ts.call('PATCH', `${ORG}/namespaces/acme/groups/devs`, {
      ...as('greg'),
      contentType: 'application/merge-patch+json',
      body: { spec: { members: ['gina', 'greg'] } },
    });
    expect(r.status).toBe(403);
    expect((r.json as { message: string }).message).toContain('RoleBinding "devs/acme-eng"');
  });
});
