/**
 * CustomResourceDefinitions at runtime through the real HTTPS server on both stores: applying a
 * CRD serves its kind (discovery, OpenAPI, validation, defaults, Table columns); deleting it
 * removes the kind and its objects.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { KubeObject } from '../../api/meta.js';
import { startTestServer, type Backend, type TestServer } from '../support/apiserver.js';
import { TABLE_ACCEPT, createNamespace, eventually, list, obj, status } from '../support/api-helpers.js';

const CRDS = '/apis/apiextensions.k8s.io/v1/customresourcedefinitions';
const WIDGETS = '/apis/example.com/v1/namespaces/c1/widgets';

const widgetCRD = {
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  metadata: { name: 'widgets.example.com' },
  spec: {
    group: 'example.com',
    scope: 'Namespaced',
    names: {
      plural: 'widgets',
      singular: 'widget',
      kind: 'Widget',
      listKind: 'WidgetList',
      shortNames: ['wd'],
    },
    versions: [
      {
        name: 'v1',
        served: true,
        storage: true,
        subresources: { status: {} },
        additionalPrinterColumns: [{ name: 'Size', type: 'integer', jsonPath: '.spec.size' }],
        schema: {
          openAPIV3Schema: {
            type: 'object',
            properties: {
              spec: {
                type: 'object',
                required: ['size'],
                properties: {
                  size: { type: 'integer', minimum: 1 },
                  color: { type: 'string', default: 'blue', enum: ['blue', 'red'] },
                },
              },
              status: { type: 'object', properties: { ready: { type: 'boolean' } } },
            },
          },
        },
      },
    ],
  },
};

const widget = (name: string, spec: Record<string, unknown>): KubeObject => ({
  apiVersion: 'example.com/v1',
  kind: 'Widget',
  metadata: { name },
  spec,
});

describe.each<Backend>(['embedded', 'etcd'])('CRDs at runtime on %s', (backend) => {
  let ts: TestServer;
  const served = async (): Promise<boolean> => (await ts.call('GET', '/apis/example.com/v1')).status === 200;

  beforeAll(async () => {
    ts = await startTestServer(backend);
    await createNamespace(ts, 'c1');
  }, 60_000);
  afterAll(async () => {
    await ts.stop();
  });

  it('is not served before its CRD exists', async () => {
    expect(await served()).toBe(false);
    const r = await ts.call('GET', WIDGETS);
    expect(r.status).toBe(404);
    expect(status(r).message).toBe('the server could not find the requested resource');
  });

  it('refuses an invalid CRD with 422', async () => {
    const bad = { ...widgetCRD, metadata: { name: 'wrong.example.com' } };
    const r = await ts.call('POST', CRDS, { body: bad });
    expect(r.status).toBe(422);
    expect(status(r).message).toContain(
      'metadata.name: Invalid value: "wrong.example.com": must be spec.names.plural+"."+spec.group',
    );
  });

  it('applying a CRD serves the kind in discovery and OpenAPI', async () => {
    const r = await ts.call('PATCH', `${CRDS}/widgets.example.com?fieldManager=kubectl&force=false`, {
      body: widgetCRD,
      contentType: 'application/apply-patch+yaml',
    });
    expect(r.status).toBe(201);
    expect(obj(r)['status']).toMatchObject({
      acceptedNames: { kind: 'Widget', plural: 'widgets' },
      conditions: expect.arrayContaining([
        expect.objectContaining({ type: 'Established', status: 'True' }),
      ]) as unknown,
    });
    await eventually(async () => ((await served()) ? true : undefined), 'widgets to be served');
    const resources = (await ts.call('GET', '/apis/example.com/v1')).json as {
      groupVersion: string;
      resources: { name: string; kind: string; namespaced: boolean; shortNames?: string[] }[];
    };
    expect(resources.groupVersion).toBe('example.com/v1');
    expect(resources.resources.map((x) => x.name)).toEqual(['widgets', 'widgets/status']);
    expect(resources.resources[0]).toMatchObject({ kind: 'Widget', namespaced: true, shortNames: ['wd'] });
    const groups = (await ts.call('GET', '/apis')).json as { groups: { name: string }[] };
    expect(groups.groups.map((g) => g.name)).toContain('example.com');
    const openapi = (await ts.call('GET', '/openapi/v3')).json as { paths: Record<string, unknown> };
    expect(Object.keys(openapi.paths)).toContain('apis/example.com/v1');
  });

  it('creates objects of the new kind with defaults, validation and Table columns', async () => {
    const r = await ts.call('POST', WIDGETS, { body: widget('w1', { size: 3 }) });
    expect(r.status).toBe(201);
    expect(obj(r)).toMatchObject({
      apiVersion: 'example.com/v1',
      kind: 'Widget',
      metadata: { name: 'w1', namespace: 'c1', generation: 1 },
      spec: { size: 3, color: 'blue' },
    });
    const bad = await ts.call('POST', WIDGETS, { body: widget('w2', { size: 0, color: 'green' }) });
    expect(bad.status).toBe(422);
    expect(
      status(bad)
        .details?.causes?.map((c) => c.field)
        .sort(),
    ).toEqual(['spec.color', 'spec.size']);
    expect(status(bad).message).toContain(
      'spec.size: Invalid value: 0: spec.size in body should be greater than or equal to 1',
    );
    expect(status(bad).message).toContain(
      'spec.color: Unsupported value: "green": supported values: "blue", "red"',
    );
    const missing = await ts.call('POST', WIDGETS, { body: widget('w3', {}) });
    expect(missing.status).toBe(422);
    expect(status(missing).message).toBe('Widget.example.com "w3" is invalid: spec.size: Required value');
    const table = (await ts.call('GET', WIDGETS, { accept: TABLE_ACCEPT })).json as {
      columnDefinitions: { name: string }[];
      rows: { cells: unknown[] }[];
    };
    // declared columns replace the default Name/Age pair (kube adds no Age of its own)
    expect(table.columnDefinitions.map((c) => c.name)).toEqual(['Name', 'Size']);
    expect(table.rows.map((row) => row.cells.slice(0, 2))).toEqual([['w1', 3]]);
    const st = await ts.call('PATCH', `${WIDGETS}/w1/status`, {
      body: { status: { ready: true }, spec: { size: 99 } },
      contentType: 'application/merge-patch+json',
    });
    expect(obj(st)).toMatchObject({ spec: { size: 3 }, status: { ready: true } });
  });

  it('updating the CRD changes validation at once', async () => {
    const current = obj(await ts.call('GET', `${CRDS}/widgets.example.com`));
    const next = structuredClone(widgetCRD);
    const props = next.spec.versions[0]?.schema.openAPIV3Schema.properties.spec.properties as Record<
      string,
      unknown
    >;
    props['size'] = { type: 'integer', minimum: 1, maximum: 10 };
    const r = await ts.call('PUT', `${CRDS}/widgets.example.com`, {
      body: { ...next, metadata: { ...next.metadata, resourceVersion: current.metadata.resourceVersion } },
    });
    expect(r.status).toBe(200);
    await eventually(async () => {
      const big = await ts.call('POST', `${WIDGETS}?dryRun=All`, { body: widget('big', { size: 11 }) });
      return big.status === 422 ? big : undefined;
    }, 'the new maximum to apply');
  });

  it('deleting the CRD removes the kind and its objects', async () => {
    const r = await ts.call('DELETE', `${CRDS}/widgets.example.com`);
    expect(r.status).toBe(200);
    await eventually(async () => ((await served()) ? undefined : true), 'widgets to be unserved');
    const gone = await ts.call('GET', `${WIDGETS}/w1`);
    expect(gone.status).toBe(404);
    expect(status(gone).message).toBe('the server could not find the requested resource');
    const groups = (await ts.call('GET', '/apis')).json as { groups: { name: string }[] };
    expect(groups.groups.map((g) => g.name)).not.toContain('example.com');
    // the objects went with it: a re-created CRD starts empty
    expect((await ts.call('POST', CRDS, { body: widgetCRD })).status).toBe(201);
    await eventually(async () => ((await served()) ? true : undefined), 'widgets to be served again');
    await eventually(async () => {
      const l = await ts.call('GET', WIDGETS);
      return l.status === 200 && list(l).items.length === 0 ? true : undefined;
    }, 'an empty widget list');
  });
});
