/**
 * Inherited access through an organization's team tree, on a real server and both stores: a
 * RoleBinding applies in every descendant team namespace (one level and ten levels down), not in
 * siblings or above, not below when annotated `orgplane.io/inherit: "false"`; the requests
 * themselves, SelfSubjectAccessReview, SelfSubjectRulesReview and cross-namespace lists agree.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startTestServer, type Backend, type TestServer } from '../support/apiserver.js';
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
  rulesAllow,
  team,
  teamsPath,
} from '../support/teams.js';

const DEPTH = 10;

describe.each<Backend>(['embedded', 'etcd'])('inherited access on %s', (backend) => {
  let ts: TestServer;

  beforeAll(async () => {
    ts = await startTestServer(backend);
    await make(ts, `${ORG}/organizations`, {
      apiVersion: 'orgplane.io/v1alpha1',
      kind: 'Organization',
      metadata: { name: 'acme' },
    });
    await make(ts, teamsPath('acme'), team('eng'));
    await make(ts, teamsPath('acme'), team('be', 'eng'));
    await make(ts, teamsPath('acme'), team('ops'));
    for (let i = 1; i <= DEPTH; i++)
      await make(ts, teamsPath('acme'), team(`d${String(i)}`, i === 1 ? undefined : `d${String(i - 1)}`));
    await bind(ts, 'acme-eng', binding('dev', 'developer', { kind: 'User', name: 'dev' }));
    await bind(
      ts,
      'acme-eng',
      binding('solo', 'viewer', { kind: 'User', name: 'solo' }, { 'orgplane.io/inherit': 'false' }),
    );
    await bind(ts, 'acme-d1', binding('deep', 'developer', { kind: 'User', name: 'deep' }));
    await bind(ts, 'acme', binding('boss', 'org-admin', { kind: 'User', name: 'boss' }));
    // the authorizer follows storage through watches: wait until the deepest binding reaches down
    await eventually(() => canI(ts, 'deep', 'create', 'agents', `acme-d${String(DEPTH)}`), 10_000);
  }, 120_000);

  afterAll(async () => {
    await ts.stop();
  });

  it('labels each team namespace with its ancestors and depths', async () => {
    const ns = await ts.call('GET', `/api/v1/namespaces/acme-d${String(DEPTH)}`);
    const labels = (ns.json as { metadata: { labels: Record<string, string> } }).metadata.labels;
    expect(labels['acme.tree.orgplane.io/depth']).toBe(String(DEPTH));
    expect(labels['acme-d1.tree.orgplane.io/depth']).toBe(String(DEPTH - 1));
    expect(labels[`acme-d${String(DEPTH)}.tree.orgplane.io/depth`]).toBe('0');
    const t = await ts.call('GET', `${teamsPath('acme')}/be`);
    expect(t.status).toBe(200);
  });

  it('grants a binding in every descendant, one level down and ten levels down', async () => {
    expect((await ts.call('POST', agentsPath('acme-be'), { ...as('dev'), body: agent('a1') })).status).toBe(
      201,
    );
    expect((await ts.call('POST', agentsPath('acme-eng'), { ...as('dev'), body: agent('a2') })).status).toBe(
      201,
    );
    const deep = `acme-d${String(DEPTH)}`;
    expect((await ts.call('POST', agentsPath(deep), { ...as('deep'), body: agent('a3') })).status).toBe(201);
    for (const [user, ns] of [
      ['dev', 'acme'],
      ['dev', 'acme-ops'],
      ['deep', 'acme'],
      ['deep', 'acme-eng'],
    ] as const) {
      const r = await ts.call('POST', agentsPath(ns), { ...as(user), body: agent(`no-${user}`) });
      expect([user, ns, r.status]).toEqual([user, ns, 403]);
    }
    // an org admin administers every team
    expect((await ts.call('POST', agentsPath(deep), { ...as('boss'), body: agent('a4') })).status).toBe(201);
  });

  it('keeps a binding annotated orgplane.io/inherit=false in its own namespace', async () => {
    expect((await ts.call('GET', agentsPath('acme-eng'), as('solo'))).status).toBe(200);
    expect((await ts.call('GET', agentsPath('acme-be'), as('solo'))).status).toBe(403);
    expect(await canI(ts, 'solo', 'list', 'agents', 'acme-be')).toBe(false);
  });

  it('answers the same in the request, SelfSubjectAccessReview and SelfSubjectRulesReview', async () => {
    const namespaces = ['acme', 'acme-eng', 'acme-be', 'acme-ops', 'acme-d1', `acme-d${String(DEPTH)}`];
    for (const user of ['dev', 'solo', 'deep', 'boss', 'nobody'])
      for (const ns of namespaces) {
        const request = (await ts.call('GET', agentsPath(ns), as(user))).status === 200;
        const review = await canI(ts, user, 'list', 'agents', ns);
        const rules = await rulesAllow(ts, user, 'list', 'agents', ns);
        expect([user, ns, review, rules]).toEqual([user, ns, request, request]);
      }
  });

  it('lists across namespaces exactly the team namespaces inheritance reaches', async () => {
    const r = await ts.call('GET', `${ORG}/agents`, as('dev'));
    expect(r.status).toBe(200);
    const namespaces = new Set(
      (r.json as { items: { metadata: { namespace: string } }[] }).items.map((i) => i.metadata.namespace),
    );
    expect([...namespaces].sort()).toEqual(['acme-be', 'acme-eng']);
    const deep = await ts.call('GET', `${ORG}/agents`, as('deep'));
    const deepNs = new Set(
      (deep.json as { items: { metadata: { namespace: string } }[] }).items.map((i) => i.metadata.namespace),
    );
    expect([...deepNs]).toEqual([`acme-d${String(DEPTH)}`]);
  });

  it('shows the org chart to every member and to no one outside', async () => {
    expect((await ts.call('GET', teamsPath('acme'), as('solo'))).status).toBe(200);
    expect((await ts.call('GET', teamsPath('acme'), as('nobody'))).status).toBe(403);
  });

  it('authorizes team writes in the parent namespace', async () => {
    // dev (developer in acme-eng) may not create teams; boss may, anywhere in the tree
    const denied = await ts.call('POST', teamsPath('acme'), { ...as('dev'), body: team('x', 'eng') });
    expect(denied.status).toBe(403);
    expect((denied.json as { message: string }).message).toContain('in the namespace "acme-eng"');
    expect((await ts.call('POST', teamsPath('acme'), { ...as('boss'), body: team('y', 'be') })).status).toBe(
      201,
    );
  });
});
