/**
 * QuotaReview, AccessReview and WhoCanReview on a real server and both stores: the quota answer is
 * the one admission then gives (exact room, the tightest quota of a team's branch), who may ask
 * what (members for quotas, binding readers for access), 422 naming every bad field, and the
 * who-can subjects agreeing with SubjectAccessReview; plus the commands that print them.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { AccessReviewStatus, WhoCanReviewStatus } from '../../api/accessreview.js';
import type { QuotaReviewStatus } from '../../api/quotareview.js';
import { accessReport, whoCanReport } from '../../cmd/access.js';
import { quotaReport } from '../../cmd/quota.js';
import { startTestServer, type Backend, type CallResult, type TestServer } from '../support/apiserver.js';
import { agent, agentsPath, as, bind, binding, make, ORG, team, teamsPath } from '../support/teams.js';

const org = (name: string, spec: Record<string, unknown> = {}): unknown => ({
  apiVersion: 'orgplane.io/v1alpha1',
  kind: 'Organization',
  metadata: { name },
  spec,
});

async function review(ts: TestServer, kind: string, spec: unknown, user?: string): Promise<CallResult> {
  const path = `${ORG}/${kind.toLowerCase()}s`;
  return ts.call('POST', path, {
    body: { apiVersion: 'orgplane.io/v1alpha1', kind, spec },
    ...(user ? as(user) : {}),
  });
}

interface Statuses {
  QuotaReview: QuotaReviewStatus;
  AccessReview: AccessReviewStatus;
  WhoCanReview: WhoCanReviewStatus;
}

/** The answer's status; throws unless the review was answered (201). */
function statusOf<K extends keyof Statuses>(kind: K, r: CallResult): Statuses[K] {
  if (r.status !== 201) throw new Error(`${kind}: ${String(r.status)} ${r.text}`);
  return (r.json as { status: Statuses[K] }).status;
}

describe.each<Backend>(['embedded', 'etcd'])('reviews on %s', (backend) => {
  let ts: TestServer;
  const quota = async (spec: Record<string, unknown>, user?: string): Promise<QuotaReviewStatus> =>
    statusOf(
      'QuotaReview',
      await review(ts, 'QuotaReview', { organization: 'acme', resource: 'agents', ...spec }, user),
    );

  beforeAll(async () => {
    ts = await startTestServer(backend);
    await make(ts, `${ORG}/organizations`, org('acme', { quota: { agents: 5 } }));
    await make(ts, `${ORG}/organizations`, org('other'));
    await make(ts, teamsPath('acme'), team('eng', undefined, { quota: { agents: 2 } }));
    await make(ts, teamsPath('acme'), team('backend', 'eng'));
    await make(ts, agentsPath('acme'), agent('a0'));
    await make(ts, agentsPath('acme-backend'), agent('b0'));
    await make(ts, `${ORG}/namespaces/acme/groups`, {
      apiVersion: 'orgplane.io/v1alpha1',
      kind: 'Group',
      metadata: { name: 'devs' },
      spec: { members: ['bob'] },
    });
    await bind(ts, 'acme', binding('admins', 'org-admin', { kind: 'User', name: 'alice' }));
    await bind(ts, 'acme', binding('ci', 'deployer', { kind: 'User', name: 'ci-bot' }));
    await bind(ts, 'acme-eng', binding('devs', 'developer', { kind: 'Group', name: 'devs' }));
    await bind(ts, 'other', binding('eve', 'viewer', { kind: 'User', name: 'eve' }));
  }, 60_000);

  afterAll(async () => {
    await ts.stop();
  });

  it('answers the room left under the organization quota, as admission then judges it', async () => {
    const fits = await quota({ count: 3 });
    expect(fits).toMatchObject({ allowed: true, limit: 5, used: 2, remaining: 3 });
    const over = await quota({ count: 4 });
    expect(over.allowed).toBe(false);
    expect(over.reason).toBe('exceeded quota: agents, requested: 4, used: 2, limited: 5');
    for (const n of [1, 2, 3])
      expect((await ts.call('POST', agentsPath('acme'), { body: agent(`x${String(n)}`) })).status).toBe(201);
    expect(await quota({ count: 1 })).toMatchObject({ allowed: false, used: 5, remaining: 0 });
    expect((await ts.call('POST', agentsPath('acme'), { body: agent('x4') })).status).toBe(403);
    for (const n of [1, 2, 3]) await ts.call('DELETE', `${agentsPath('acme')}/x${String(n)}`);
    expect(await quota({ count: 3 })).toMatchObject({ allowed: true, used: 2, remaining: 3 });
  });

  it('with a team, names the tightest quota of its branch', async () => {
    const s = await quota({ team: 'backend', count: 2 });
    expect(s).toMatchObject({ allowed: false, limit: 2, used: 1, remaining: 1 });
    expect(s.reason).toBe('exceeded quota: agents of team eng, requested: 2, used: 1, limited: 2');
    expect(s.quotas.map((q) => [q.scope, q.name, q.limit ?? null])).toEqual([
      ['Organization', 'acme', 5],
      ['Team', 'backend', null],
      ['Team', 'eng', 2],
    ]);
    expect((await quota({ team: 'backend', count: 1 })).allowed).toBe(true);
  });

  it('answers an unlimited resource as allowed with no limit', async () => {
    const s = await quota({ resource: 'groups', count: 100 });
    expect(s).toMatchObject({ allowed: true, used: 1 });
    expect(s.limit).toBeUndefined();
    expect(s.reason).toContain('not limited');
  });

  it('refuses a bad spec with 422 naming every field, and a missing organization or team with 404', async () => {
    const bad = await review(ts, 'QuotaReview', { resource: 'bogus', count: 0 });
    expect(bad.status).toBe(422);
    const fields = (bad.json as { details: { causes: { field: string }[] } }).details.causes.map(
      (c) => c.field,
    );
    expect(fields.sort()).toEqual(['spec.count', 'spec.organization', 'spec.resource']);
    expect(
      (await review(ts, 'QuotaReview', { organization: 'nope', resource: 'agents', count: 1 })).status,
    ).toBe(404);
    expect(
      (await review(ts, 'QuotaReview', { organization: 'acme', team: 'nope', resource: 'agents', count: 1 }))
        .status,
    ).toBe(404);
  });

  it('lets members of an organization ask, and nobody else', async () => {
    expect((await quota({ count: 1 }, 'ci-bot')).allowed).toBe(true);
    expect((await quota({ count: 1, team: 'backend' }, 'bob')).allowed).toBe(true);
    const denied = await review(
      ts,
      'QuotaReview',
      { organization: 'acme', resource: 'agents', count: 1 },
      'eve',
    );
    expect(denied.status).toBe(403);
    expect((denied.json as { reason: string; message: string }).reason).toBe('Forbidden');
    expect((denied.json as { message: string }).message).toContain('organization "acme"');
  });

  it('lists where a user acts and why, inherited and through groups', async () => {
    const s = statusOf('AccessReview', await review(ts, 'AccessReview', { user: 'bob' }));
    const acme = s.organizations.find((o) => o.name === 'acme');
    expect(acme?.namespaces.map((n) => n.namespace)).toEqual(['acme', 'acme-backend', 'acme-eng']);
    const backend = acme?.namespaces.find((n) => n.namespace === 'acme-backend');
    const agents = backend?.permissions.find((p) => p.resource === 'agents');
    expect(agents?.verbs).toEqual(expect.arrayContaining(['create', 'delete', 'get']));
    expect(agents?.grants[0]?.via).toEqual({
      kind: 'RoleBinding',
      binding: 'devs',
      namespace: 'acme-eng',
      roleKind: 'ClusterRole',
      role: 'developer',
      group: 'devs',
      inheritedFrom: 'acme-eng',
    });
  });

  it('answers an organization admin about its organization only, and refuses others', async () => {
    const s = statusOf(
      'AccessReview',
      await review(ts, 'AccessReview', { user: 'eve', groups: ['system:authenticated'] }, 'alice'),
    );
    expect(s.organizations).toEqual([]);
    const bob = statusOf('AccessReview', await review(ts, 'AccessReview', { user: 'bob' }, 'alice'));
    expect(bob.organizations.map((o) => o.name)).toEqual(['acme']);
    expect((await review(ts, 'AccessReview', { user: 'bob' }, 'eve')).status).toBe(403);
    const self = statusOf('AccessReview', await review(ts, 'AccessReview', { user: 'eve' }, 'eve'));
    expect(self.organizations.map((o) => o.name)).toEqual(['other']);
  });

  it('names every subject that may act and why, as SubjectAccessReview decides', async () => {
    const spec = { verb: 'delete', resource: 'agents', namespace: 'acme-backend' };
    const s = statusOf('WhoCanReview', await review(ts, 'WhoCanReview', spec));
    const users = s.subjects.filter((x) => x.kind === 'User').map((x) => x.name);
    expect(users.sort()).toEqual(['alice', 'bob']);
    expect(s.subjects.find((x) => x.name === 'alice')?.via).toMatchObject({
      binding: 'admins',
      inheritedFrom: 'acme',
    });
    expect(s.subjects.some((x) => x.kind === 'Group' && x.name === 'system:masters')).toBe(true);
    for (const user of ['alice', 'bob', 'ci-bot', 'eve']) {
      const sar = await ts.call('POST', '/apis/authorization.k8s.io/v1/subjectaccessreviews', {
        body: {
          apiVersion: 'authorization.k8s.io/v1',
          kind: 'SubjectAccessReview',
          spec: {
            user,
            groups: ['system:authenticated'],
            resourceAttributes: { ...spec, group: 'orgplane.io' },
          },
        },
      });
      expect([user, (sar.json as { status: { allowed: boolean } }).status.allowed]).toEqual([
        user,
        users.includes(user),
      ]);
    }
  });

  it('lets an organization admin ask who can act in its organization only', async () => {
    expect(
      (await review(ts, 'WhoCanReview', { verb: 'get', resource: 'ag', namespace: 'acme-eng' }, 'alice'))
        .status,
    ).toBe(201);
    const denied = await review(
      ts,
      'WhoCanReview',
      { verb: 'get', resource: 'agents', namespace: 'other' },
      'alice',
    );
    expect(denied.status).toBe(403);
    expect((denied.json as { message: string }).message).toContain(
      'User "alice" cannot list resource "rolebindings" in API group "rbac.authorization.k8s.io" in the namespace "other"',
    );
    const bad = await review(ts, 'WhoCanReview', { resource: 'widgets' });
    expect(bad.status).toBe(422);
    const fields = (bad.json as { details: { causes: { field: string }[] } }).details.causes.map(
      (c) => c.field,
    );
    expect(fields.sort()).toEqual(['spec.namespace', 'spec.resource', 'spec.verb']);
  });

  it('prints them with orgplane quota, access and who-can', async () => {
    const kubeconfig = ts.server.kubeconfigPath;
    expect(await quotaReport('acme', { kubeconfig })).toMatch(
      /^organization acme\nagents +\[########------------\] {2}2\/5 {2}40 %$/,
    );
    expect(await quotaReport('acme', { kubeconfig, team: 'backend' })).toContain(
      '[##########----------]  1/2  50 %  (team eng)',
    );
    const access = await accessReport('bob', { kubeconfig });
    expect(access).toContain('organization acme');
    expect(access).toMatch(
      /agents\.orgplane\.io +create,update,patch,delete,deletecollection +RoleBinding acme-eng\/devs -> ClusterRole developer, via group devs, inherited from acme-eng/,
    );
    const who = await whoCanReport('delete', 'agents', { namespace: 'acme-backend', kubeconfig });
    expect(who).toMatch(/^KIND +NAME +VIA$/m);
    expect(who).toMatch(
      /^User +alice +RoleBinding acme\/admins -> ClusterRole org-admin, inherited from acme$/m,
    );
  });
});
