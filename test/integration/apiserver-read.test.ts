/**
 * GET and list through the real HTTPS server on both stores: 404 wording, label and field
 * selectors, paging at one revision (and 410 once compacted), Table and PartialObjectMetadata
 * output, and lists across namespaces.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { KubeList, KubeObject } from '../../api/meta.js';
import { startTestServer, type Backend, type TestServer } from '../support/apiserver.js';
import {
  BASE,
  TABLE_ACCEPT,
  agent,
  agentsPath,
  create,
  createNamespace,
  list,
  names,
  obj,
  status,
} from '../support/api-helpers.js';

interface TableShape {
  kind: string;
  apiVersion: string;
  metadata: { resourceVersion?: string };
  columnDefinitions: { name: string; type: string; format: string; priority: number }[];
  rows: { cells: unknown[]; object: KubeObject }[];
}

const LABELLED: [string, Record<string, string>][] = [
  ['l-web-prod', { app: 'web', env: 'prod', tier: '1' }],
  ['l-web-dev', { app: 'web', env: 'dev', tier: '3' }],
  ['l-db-prod', { app: 'db', env: 'prod' }],
  ['l-none', {}],
];

describe.each<Backend>(['embedded', 'etcd'])('read on %s', (backend) => {
  let ts: TestServer;
  const select = async (q: string): Promise<string[]> => {
    const r = await ts.call('GET', `${agentsPath('r1')}?${q}`);
    if (r.status !== 200) throw new Error(`${q}: ${r.status} ${r.text}`);
    return names(r).sort();
  };

  beforeAll(async () => {
    ts = await startTestServer(backend);
    await createNamespace(ts, 'r1');
    await createNamespace(ts, 'r2');
    for (const [name, labels] of LABELLED)
      await create(ts, agentsPath('r1'), agent(name, { model: 'm' }, { labels }));
    await create(ts, agentsPath('r2'), agent('l-web-prod', { model: 'other' }, { labels: { app: 'web' } }));
  }, 60_000);
  afterAll(async () => {
    await ts.stop();
  });

  it('GET of a missing object is a 404 Status with details', async () => {
    const r = await ts.call('GET', agentsPath('r1', 'nope'));
    expect(r.status).toBe(404);
    expect(r.headers['content-type']).toMatch(/^application\/json/);
    expect(status(r)).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'agents.orgplane.io "nope" not found',
      reason: 'NotFound',
      details: { name: 'nope', group: 'orgplane.io', kind: 'agents' },
      code: 404,
    });
  });

  it('GET answers the stored object', async () => {
    const r = await ts.call('GET', agentsPath('r1', 'l-web-dev'));
    expect(r.status).toBe(200);
    expect(obj(r)).toMatchObject({
      apiVersion: 'orgplane.io/v1alpha1',
      kind: 'Agent',
      metadata: { name: 'l-web-dev', namespace: 'r1', labels: { app: 'web', env: 'dev', tier: '3' } },
      spec: { model: 'm' },
    });
  });

  it('lists a namespace with list kind, apiVersion and resourceVersion', async () => {
    const r = await ts.call('GET', agentsPath('r1'));
    const l = list(r);
    expect(l.kind).toBe('AgentList');
    expect(l.apiVersion).toBe('orgplane.io/v1alpha1');
    expect(Number(l.metadata.resourceVersion)).toBeGreaterThan(0);
    expect(names(r)).toEqual(['l-db-prod', 'l-none', 'l-web-dev', 'l-web-prod']);
  });

  it('filters by label selectors with every operator', async () => {
    expect(await select('labelSelector=app%3Dweb')).toEqual(['l-web-dev', 'l-web-prod']);
    expect(await select('labelSelector=app%3D%3Dweb')).toEqual(['l-web-dev', 'l-web-prod']);
    expect(await select('labelSelector=app!%3Dweb')).toEqual(['l-db-prod', 'l-none']);
    expect(await select('labelSelector=env%20in%20(prod%2Cstaging)')).toEqual(['l-db-prod', 'l-web-prod']);
    expect(await select('labelSelector=env%20notin%20(prod)')).toEqual(['l-none', 'l-web-dev']);
    expect(await select('labelSelector=tier')).toEqual(['l-web-dev', 'l-web-prod']);
    expect(await select('labelSelector=!tier')).toEqual(['l-db-prod', 'l-none']);
    expect(await select('labelSelector=tier%3E2')).toEqual(['l-web-dev']);
    expect(await select('labelSelector=tier%3C2')).toEqual(['l-web-prod']);
    expect(await select('labelSelector=app%3Dweb%2Cenv!%3Ddev')).toEqual(['l-web-prod']);
  });

  it('refuses a malformed label selector with 400', async () => {
    const r = await ts.call('GET', `${agentsPath('r1')}?labelSelector=app%20%3F%3F%20x`);
    expect(r.status).toBe(400);
    expect(status(r).reason).toBe('BadRequest');
    expect(status(r).message).toMatch(/^unable to parse requirement: /);
  });

  it('filters by metadata.name and metadata.namespace field selectors', async () => {
    expect(await select('fieldSelector=metadata.name%3Dl-none')).toEqual(['l-none']);
    expect(await select('fieldSelector=metadata.name!%3Dl-none')).toEqual([
      'l-db-prod',
      'l-web-dev',
      'l-web-prod',
    ]);
    const across = await ts.call('GET', `${BASE}/agents?fieldSelector=metadata.namespace%3Dr2`);
    expect(list(across).items.map((o) => `${o.metadata.namespace ?? ''}/${o.metadata.name ?? ''}`)).toEqual([
      'r2/l-web-prod',
    ]);
    expect(await select('fieldSelector=metadata.name%3Dl-none%2Cmetadata.namespace%3Dr1')).toEqual([
      'l-none',
    ]);
    expect(await select('fieldSelector=metadata.name%3Dnothing')).toEqual([]);
  });

  it('refuses an unsupported field with 400 field label not supported', async () => {
    const r = await ts.call('GET', `${agentsPath('r1')}?fieldSelector=spec.model%3Dm`);
    expect(r.status).toBe(400);
    expect(status(r)).toMatchObject({
      reason: 'BadRequest',
      message: 'field label not supported: spec.model',
    });
  });

  it('selects core Events by involvedObject fields', async () => {
    const event = (name: string, involved: Record<string, string>): KubeObject => ({
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name },
      involvedObject: { apiVersion: 'orgplane.io/v1alpha1', namespace: 'r1', ...involved },
      reason: 'Tested',
      message: 'hello',
      type: 'Normal',
      source: { component: 'jest' },
    });
    await create(
      ts,
      '/api/v1/namespaces/r1/events',
      event('e1', { kind: 'Agent', name: 'l-none', uid: 'u-1' }),
    );
    await create(
      ts,
      '/api/v1/namespaces/r1/events',
      event('e2', { kind: 'Agent', name: 'l-web-dev', uid: 'u-2' }),
    );
    await create(ts, '/api/v1/namespaces/r1/events', event('e3', { kind: 'Organization', name: 'l-none' }));
    const q =
      'fieldSelector=involvedObject.name%3Dl-none%2CinvolvedObject.namespace%3Dr1%2CinvolvedObject.kind%3DAgent%2CinvolvedObject.uid%3Du-1&limit=500';
    expect(names(await ts.call('GET', `/api/v1/namespaces/r1/events?${q}`))).toEqual(['e1']);
    const byName = await ts.call(
      'GET',
      '/api/v1/namespaces/r1/events?fieldSelector=involvedObject.name%3Dl-none',
    );
    expect(names(byName).sort()).toEqual(['e1', 'e3']);
    const bad = await ts.call('GET', '/api/v1/namespaces/r1/events?fieldSelector=involvedObject.colour%3Dx');
    expect(bad.status).toBe(400);
    expect(status(bad).message).toBe('field label not supported: involvedObject.colour');
  });

  it('pages with limit/continue at one revision: objects created between pages do not appear', async () => {
    await createNamespace(ts, 'pages');
    for (let i = 0; i < 7; i++) await create(ts, agentsPath('pages'), agent(`p${i}`));
    const first = list(await ts.call('GET', `${agentsPath('pages')}?limit=3`));
    expect(first.items.map((o) => o.metadata.name)).toEqual(['p0', 'p1', 'p2']);
    const token = first.metadata.continue ?? '';
    expect(token).not.toBe('');
    await create(ts, agentsPath('pages'), agent('p3a'));
    await ts.call('DELETE', agentsPath('pages', 'p5'));
    const second = list(
      await ts.call('GET', `${agentsPath('pages')}?limit=3&continue=${encodeURIComponent(token)}`),
    );
    expect(second.items.map((o) => o.metadata.name)).toEqual(['p3', 'p4', 'p5']);
    expect(second.metadata.resourceVersion).toBe(first.metadata.resourceVersion);
    const third = list(
      await ts.call(
        'GET',
        `${agentsPath('pages')}?limit=3&continue=${encodeURIComponent(second.metadata.continue ?? '')}`,
      ),
    );
    expect(third.items.map((o) => o.metadata.name)).toEqual(['p6']);
    expect(third.metadata.continue).toBeUndefined();
    // a fresh list sees the changes
    expect(names(await ts.call('GET', agentsPath('pages')))).toEqual([
      'p0',
      'p1',
      'p2',
      'p3',
      'p3a',
      'p4',
      'p6',
    ]);
  });

  it('pages by selector: the limit counts matches, not keys read', async () => {
    const l = list(await ts.call('GET', `${agentsPath('r1')}?labelSelector=env%3Dprod&limit=1`));
    expect(l.items.map((o) => o.metadata.name)).toEqual(['l-db-prod']);
    const rest = await ts.call(
      'GET',
      `${agentsPath('r1')}?labelSelector=env%3Dprod&limit=1&continue=${encodeURIComponent(l.metadata.continue ?? '')}`,
    );
    expect(names(rest)).toEqual(['l-web-prod']);
  });

  it('answers 410 Expired for a continue token whose revision was compacted', async () => {
    const first = list(await ts.call('GET', `${agentsPath('pages')}?limit=2`));
    await create(ts, agentsPath('pages'), agent('after-compact'));
    await ts.server.storage.compact(await ts.server.storage.currentRevision());
    const r = await ts.call(
      'GET',
      `${agentsPath('pages')}?limit=2&continue=${encodeURIComponent(first.metadata.continue ?? '')}`,
    );
    expect(r.status).toBe(410);
    expect(status(r)).toMatchObject({ reason: 'Expired', code: 410 });
    expect(status(r).message).toMatch(
      /^The provided continue parameter is too old to display a consistent list result\./,
    );
  });

  it('refuses a garbled continue token with 400', async () => {
    const r = await ts.call('GET', `${agentsPath('pages')}?limit=2&continue=not-a-token`);
    expect(r.status).toBe(400);
    expect(status(r).reason).toBe('BadRequest');
  });

  it('answers a Table with printer columns and row objects', async () => {
    const r = await ts.call('GET', `${agentsPath('r1')}?limit=500&labelSelector=app%3Dweb`, {
      accept: TABLE_ACCEPT,
    });
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toMatch(/^application\/json/);
    const t = r.json as TableShape;
    expect(t.kind).toBe('Table');
    expect(t.apiVersion).toBe('meta.k8s.io/v1');
    expect(Number(t.metadata.resourceVersion)).toBeGreaterThan(0);
    expect(t.columnDefinitions.map((c) => [c.name, c.type, c.format, c.priority])).toEqual([
      ['Name', 'string', 'name', 0],
      ['Model', 'string', '', 0],
      ['Phase', 'string', '', 0],
      ['Description', 'string', '', 1],
      ['Age', 'date', '', 0],
    ]);
    expect(t.rows).toHaveLength(2);
    const row = t.rows.find((x) => x.cells[0] === 'l-web-dev');
    // absent values are null cells (kube's CRD table convertor); kubectl prints <none>
    expect(row?.cells.slice(0, 4)).toEqual(['l-web-dev', 'm', null, null]);
    expect(row?.cells[4]).toMatch(/^\d+s$/);
    expect(row?.object).toMatchObject({
      kind: 'PartialObjectMetadata',
      apiVersion: 'meta.k8s.io/v1',
      metadata: { name: 'l-web-dev', namespace: 'r1', labels: { app: 'web', env: 'dev', tier: '3' } },
    });
  });

  it('answers a Table with the full object when includeObject=Object', async () => {
    const r = await ts.call('GET', `${agentsPath('r1', 'l-none')}?includeObject=Object`, {
      accept: TABLE_ACCEPT,
    });
    const t = r.json as TableShape;
    expect(t.rows).toHaveLength(1);
    expect(t.rows[0]?.object).toMatchObject({ kind: 'Agent', spec: { model: 'm' } });
  });

  it('answers a PartialObjectMetadataList', async () => {
    const r = await ts.call('GET', agentsPath('r1'), {
      accept: 'application/json;as=PartialObjectMetadataList;v=v1;g=meta.k8s.io,application/json',
    });
    expect(r.status).toBe(200);
    const l = r.json as KubeList;
    expect(l.kind).toBe('PartialObjectMetadataList');
    expect(l.apiVersion).toBe('meta.k8s.io/v1');
    expect(l.items).toHaveLength(4);
    for (const item of l.items) {
      expect(item.kind).toBe('PartialObjectMetadata');
      expect(item.metadata.namespace).toBe('r1');
      expect(item['spec']).toBeUndefined();
    }
  });

  it('lists across namespaces (-A), as JSON and as a Table', async () => {
    const r = await ts.call('GET', `${BASE}/agents?labelSelector=app%3Dweb`);
    expect(r.status).toBe(200);
    expect(
      list(r)
        .items.map((o) => `${o.metadata.namespace ?? ''}/${o.metadata.name ?? ''}`)
        .sort(),
    ).toEqual(['r1/l-web-dev', 'r1/l-web-prod', 'r2/l-web-prod']);
    const t = (
      await ts.call('GET', `${BASE}/agents?limit=500&labelSelector=app%3Dweb`, { accept: TABLE_ACCEPT })
    ).json as TableShape;
    expect(t.rows.map((row) => row.object.metadata.namespace).sort()).toEqual(['r1', 'r1', 'r2']);
  });

  it('a cluster-scoped path for a namespaced object does not exist', async () => {
    const r = await ts.call('GET', `${BASE}/agents/l-none`);
    expect(r.status).toBe(404);
  });
});
