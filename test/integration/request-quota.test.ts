/**
 * Request quotas and organization activity over HTTP: 429 with the quota's message and
 * Retry-After, cluster admins never counted or refused, status.requests written, the activity
 * subresource's numbers, RBAC and discovery, and counters that survive a restart.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startTestServer, type TestServer } from '../support/apiserver.js';
import {
  agent,
  agentsPath,
  create,
  eventually,
  expectCode,
  orgsPath,
  organization,
} from '../support/api-helpers.js';
import { startEtcd } from '../support/etcd.js';

const FAST = { requestCounters: { flushIntervalMs: 100, statusIntervalMs: 200 } };
const as = (user: string): { headers: Record<string, string> } => ({ headers: { 'Impersonate-User': user } });
const activityPath = (org: string, q = ''): string => `${orgsPath(org)}/activity${q}`;
const today = (): string => new Date().toISOString().slice(0, 10);

async function bind(ts: TestServer, ns: string, user: string, role: string): Promise<void> {
  await create(ts, `/apis/rbac.authorization.k8s.io/v1/namespaces/${ns}/rolebindings`, {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'RoleBinding',
    metadata: { name: `${user}-${role}` },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: role },
    subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: user }],
  });
}

interface Day {
  date: string;
  requests: number;
  writes: number;
  denials: number;
  activeUsers: number;
  agentsCreated: number;
  agentsDeleted: number;
}

describe('request quotas and activity', () => {
  let ts: TestServer;

  beforeAll(async () => {
    ts = await startTestServer('embedded', FAST);
    await create(ts, orgsPath(), organization('acme', { rateLimits: { requestsPerDay: 20 } }));
    await create(ts, orgsPath(), organization('globex'));
    await create(ts, orgsPath(), organization('wayne'));
    await create(ts, orgsPath(), organization('brief', { rateLimits: { requestsPerMinute: 5 } }));
    await bind(ts, 'acme', 'dev', 'developer');
    await bind(ts, 'globex', 'ann', 'org-admin');
    await bind(ts, 'globex', 'gil', 'developer');
    await bind(ts, 'globex', 'vic', 'viewer');
    await bind(ts, 'wayne', 'bruce', 'org-admin');
    await bind(ts, 'brief', 'dev', 'developer');
  }, 60_000);

  afterAll(async () => {
    await ts.stop();
  });

  it('refuses a value below 1, naming the field', async () => {
    const r = await ts.call('POST', orgsPath(), {
      body: organization('zero', { rateLimits: { requestsPerMinute: 0 } }),
    });
    expect(r.status).toBe(422);
    expect(r.text).toContain('spec.rateLimits.requestsPerMinute');
  });

  it('answers 429 past the day limit, with the message and Retry-After to the end of the day', async () => {
    const codes: number[] = [];
    let refused: Awaited<ReturnType<TestServer['call']>> | undefined;
    for (let i = 0; i < 30; i++) {
      const r = await ts.call('GET', agentsPath('acme'), as('dev'));
      codes.push(r.status);
      if (r.status === 429) refused = r;
    }
    expect(codes.filter((c) => c === 200)).toHaveLength(20);
    expect(codes.slice(20).every((c) => c === 429)).toBe(true);
    expect(refused?.json).toMatchObject({
      kind: 'Status',
      reason: 'TooManyRequests',
      code: 429,
      message: 'organization "acme" exceeded its request quota: 20 per day',
    });
    const retryAfter = Number(refused?.headers['retry-after']);
    const endOfDay = Date.parse(`${today()}T00:00:00Z`) + 86_400_000;
    expect(retryAfter).toBeGreaterThanOrEqual(Math.floor((endOfDay - Date.now()) / 1000) - 5);
    expect(retryAfter).toBeLessThanOrEqual(Math.ceil((endOfDay - Date.now()) / 1000));
    expect((refused?.json as { details: { retryAfterSeconds: number } }).details.retryAfterSeconds).toBe(
      retryAfter,
    );
    // the Organization itself stays readable (counted, never refused): why are we refused?
    expectCode(await ts.call('GET', orgsPath('acme'), as('dev')), 200);
  });

  it('names the minute in a minute limit’s message', async () => {
    const rs = await Promise.all(
      Array.from({ length: 12 }, () => ts.call('GET', agentsPath('brief'), as('dev'))),
    );
    const refused = rs.filter((r) => r.status === 429);
    expect(refused.length).toBeGreaterThan(0);
    expect(refused[0]?.json).toMatchObject({
      message: 'organization "brief" exceeded its request quota: 5 per minute',
    });
    expect(Number(refused[0]?.headers['retry-after'])).toBeLessThan(60);
  });

  it('never counts or refuses cluster admins', async () => {
    for (let i = 0; i < 5; i++) expectCode(await ts.call('GET', agentsPath('acme')), 200);
    expectCode(await ts.call('GET', orgsPath('acme')), 200);
  });

  it('writes status.requests', async () => {
    const requests = await eventually(async () => {
      const r = (await ts.call('GET', orgsPath('acme'))).json as {
        status?: { requests?: { today: number } };
      };
      return r.status?.requests && r.status.requests.today >= 21 ? r.status.requests : undefined;
    }, 'status.requests');
    // the 20 admitted and the Organization read, which counts though it is never refused
    expect(requests).toMatchObject({ today: 21 });
  });

  it('counts requests, writes, denials, users and agents in the activity', async () => {
    expectCode(await ts.call('POST', agentsPath('globex'), { ...as('gil'), body: agent('a1') }), 201);
    expectCode(await ts.call('POST', agentsPath('globex'), { ...as('gil'), body: agent('a2') }), 201);
    expectCode(await ts.call('DELETE', agentsPath('globex', 'a2'), as('gil')), 200);
    expectCode(await ts.call('POST', agentsPath('globex'), { ...as('vic'), body: agent('a3') }), 403);
    expectCode(await ts.call('GET', agentsPath('globex'), as('vic')), 200);
    expectCode(await ts.call('GET', agentsPath('globex'), as('nobody')), 403);
    const r = expectCode(await ts.call('GET', activityPath('globex', '?days=3'), as('ann')), 200);
    expect(r.json).toMatchObject({
      apiVersion: 'orgplane.io/v1alpha1',
      kind: 'OrganizationActivity',
      organization: 'globex',
    });
    const days = (r.json as { days: Day[] }).days;
    expect(days.map((d) => d.date)).toHaveLength(3);
    expect(days[0]).toEqual({
      date: today(),
      // six requests above and this one
      requests: 7,
      writes: 4,
      denials: 2,
      activeUsers: 4,
      agentsCreated: 2,
      agentsDeleted: 1,
    });
    expect((days[1]?.date ?? '') < today()).toBe(true);
    expect(days[1]?.requests).toBe(0);
    // served requests, limits or not: gil's three writes, vic's list, ann's activity read
    const served = await eventually(async () => {
      const o = (await ts.call('GET', orgsPath('globex'))).json as {
        status?: { requests?: { today: number } };
      };
      const n = o.status?.requests?.today ?? 0;
      return n >= 5 ? n : undefined;
    }, 'status.requests of globex');
    expect(served).toBe(5);
  });

  it('lets only the organization’s admins read its activity', async () => {
    expectCode(await ts.call('GET', activityPath('globex'), as('gil')), 403);
    expectCode(await ts.call('GET', activityPath('globex'), as('bruce')), 403);
    expectCode(await ts.call('GET', activityPath('wayne'), as('ann')), 403);
    expectCode(await ts.call('GET', activityPath('wayne'), as('bruce')), 200);
    expectCode(await ts.call('GET', activityPath('nowhere')), 404);
    expectCode(await ts.call('POST', activityPath('globex'), { body: {} }), 405);
  });

  it('refuses days out of range, naming days', async () => {
    for (const q of ['?days=0', '?days=91', '?days=x']) {
      const r = expectCode(await ts.call('GET', activityPath('globex', q)), 400);
      expect((r.json as { message: string }).message).toContain('days');
    }
    const r = expectCode(await ts.call('GET', activityPath('globex', '?days=90')), 200);
    expect((r.json as { days: Day[] }).days).toHaveLength(90);
    const dflt = expectCode(await ts.call('GET', activityPath('globex')), 200);
    expect((dflt.json as { days: Day[] }).days).toHaveLength(7);
  });

  it('lists the subresource in discovery', async () => {
    const legacy = expectCode(await ts.call('GET', '/apis/orgplane.io/v1alpha1'), 200);
    expect((legacy.json as { resources: unknown[] }).resources).toContainEqual(
      expect.objectContaining({
        name: 'organizations/activity',
        kind: 'OrganizationActivity',
        verbs: ['get'],
      }),
    );
    const aggregated = await ts.call('GET', '/apis', {
      accept: 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList',
    });
    expect(aggregated.text).toContain('"subresource":"activity"');
  });
});

describe('request counters across a restart', () => {
  it('keeps the day’s activity and quota', async () => {
    const etcd = await startEtcd();
    try {
      const first = await startTestServer('etcd', { etcd, ...FAST });
      await create(first, orgsPath(), organization('initech', { rateLimits: { requestsPerDay: 6 } }));
      await bind(first, 'initech', 'pete', 'developer');
      for (let i = 0; i < 5; i++) expectCode(await first.call('GET', agentsPath('initech'), as('pete')), 200);
      await first.stop();
      const second = await startTestServer('etcd', { etcd, ...FAST });
      try {
        expectCode(await second.call('GET', agentsPath('initech'), as('pete')), 200);
        expectCode(await second.call('GET', agentsPath('initech'), as('pete')), 429);
        const r = expectCode(await second.call('GET', activityPath('initech', '?days=1')), 200);
        expect((r.json as { days: Day[] }).days[0]).toMatchObject({ requests: 7, activeUsers: 1 });
      } finally {
        await second.stop();
      }
    } finally {
      await etcd.stop();
    }
  }, 60_000);
});
