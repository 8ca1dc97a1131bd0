/**
 * POST (create) through the real HTTPS server on both stores: server-owned metadata, kube's
 * errors and wording, generateName, namespaces, Organization → Namespace in one write, schema
 * validation with every cause, defaulting and the three fieldValidation modes.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startTestServer, type Backend, type TestServer } from '../support/apiserver.js';
import {
  agent,
  agentsPath,
  create,
  createNamespace,
  gone,
  nsPath,
  obj,
  organization,
  orgsPath,
  revision,
  writesSince,
  status,
} from '../support/api-helpers.js';

describe.each<Backend>(['embedded', 'etcd'])('create on %s', (backend) => {
  let ts: TestServer;

  beforeAll(async () => {
    ts = await startTestServer(backend);
    await createNamespace(ts, 'c1');
  }, 60_000);
  afterAll(async () => {
    await ts.stop();
  });

  it('answers 201 with uid, creationTimestamp, generation 1 and a resourceVersion', async () => {
    const before = await revision(ts);
    // apiVersion and kind default from the URL
    const r = await ts.call('POST', agentsPath('c1'), {
      body: { metadata: { name: 'a1' }, spec: { model: 'gpt' } },
    });
    expect(r.status).toBe(201);
    const o = obj(r);
    expect(Object.keys(o)).toEqual(['apiVersion', 'kind', 'metadata', 'spec', 'status']);
    expect(o).toMatchObject({
      apiVersion: 'orgplane.io/v1alpha1',
      kind: 'Agent',
      metadata: { name: 'a1', namespace: 'c1', generation: 1 },
      spec: { model: 'gpt' },
    });
    expect(o.metadata.uid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(o.metadata.creationTimestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(Math.abs(Date.parse(o.metadata.creationTimestamp ?? '') - Date.now())).toBeLessThan(5_000);
    expect(Number(o.metadata.resourceVersion)).toBeGreaterThan(before);
    expect(await writesSince(ts, before)).toEqual(['/registry/orgplane.io/agents/c1/a1']);
    const stored = obj(await ts.call('GET', agentsPath('c1', 'a1')));
    expect(stored.metadata).toMatchObject({
      uid: o.metadata.uid,
      resourceVersion: o.metadata.resourceVersion,
      creationTimestamp: o.metadata.creationTimestamp,
    });
  });

  it('ignores client-set uid, resourceVersion, creationTimestamp, generation and status', async () => {
    const body = agent(
      'a-owned',
      { model: 'm' },
      {
        uid: 'not-mine',
        resourceVersion: '99999',
        creationTimestamp: '2000-01-01T00:00:00Z',
        generation: 7,
      },
    );
    const o = obj(await ts.call('POST', agentsPath('c1'), { body: { ...body, status: { phase: 'Ready' } } }));
    expect(o.metadata.uid).not.toBe('not-mine');
    expect(o.metadata.generation).toBe(1);
    expect(o.metadata.creationTimestamp).not.toBe('2000-01-01T00:00:00Z');
    expect(o.metadata.resourceVersion).not.toBe('99999');
    expect(o['status']).toEqual({ observedGeneration: 0 }); // the schema default, not the client's
  });

  it('refuses a second create with 409 AlreadyExists in kube wording', async () => {
    const before = await revision(ts);
    const r = await ts.call('POST', agentsPath('c1'), { body: agent('a1', { model: 'other' }) });
    expect(r.status).toBe(409);
    expect(status(r)).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'agents.orgplane.io "a1" already exists',
      reason: 'AlreadyExists',
      details: { name: 'a1', group: 'orgplane.io', kind: 'agents' },
      code: 409,
    });
    expect(await writesSince(ts, before)).toEqual([]);
    expect(obj(await ts.call('GET', agentsPath('c1', 'a1'))).spec).toEqual({ model: 'gpt' });
  });

  it('generates a name from generateName with a 5-character suffix', async () => {
    const a = await create(ts, agentsPath('c1'), agent('', { model: 'm' }, { generateName: 'worker-' }));
    const b = await create(ts, agentsPath('c1'), agent('', { model: 'm' }, { generateName: 'worker-' }));
    expect(a.metadata.name).toMatch(/^worker-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    expect(a.metadata.generateName).toBe('worker-');
    expect(b.metadata.name).not.toBe(a.metadata.name);
    expect((await ts.call('GET', agentsPath('c1', a.metadata.name))).status).toBe(200);
  });

  it('requires a name or generateName (422)', async () => {
    const r = await ts.call('POST', agentsPath('c1'), { body: agent('') });
    expect(r.status).toBe(422);
    expect(status(r).message).toBe(
      'Agent.orgplane.io "" is invalid: metadata.name: Required value: name or generateName is required',
    );
  });

  it('refuses a body whose namespace differs from the URL (400)', async () => {
    const r = await ts.call('POST', agentsPath('c1'), {
      body: agent('x', { model: 'm' }, { namespace: 'c2' }),
    });
    expect(r.status).toBe(400);
    expect(status(r)).toMatchObject({
      reason: 'BadRequest',
      message: 'the namespace of the provided object does not match the namespace sent on the request',
    });
  });

  it('refuses a create in a missing namespace with 404', async () => {
    const r = await ts.call('POST', agentsPath('nowhere'), { body: agent('x') });
    expect(r.status).toBe(404);
    expect(status(r)).toMatchObject({
      reason: 'NotFound',
      message: 'namespaces "nowhere" not found',
      details: { name: 'nowhere', kind: 'namespaces' },
    });
  });

  it('refuses a create in a terminating namespace with 403', async () => {
    await createNamespace(ts, 'dying');
    await create(ts, agentsPath('dying'), agent('held', { model: 'm' }, { finalizers: ['test.io/hold'] }));
    expect((await ts.call('DELETE', nsPath('dying'))).status).toBe(200);
    const r = await ts.call('POST', agentsPath('dying'), { body: agent('late') });
    expect(r.status).toBe(403);
    expect(status(r)).toMatchObject({
      reason: 'Forbidden',
      message:
        'agents.orgplane.io "late" is forbidden: unable to create new content in namespace dying because it is being terminated',
      details: {
        name: 'late',
        group: 'orgplane.io',
        kind: 'agents',
        causes: [
          {
            reason: 'NamespaceTerminating',
            message: 'namespace dying is being terminated',
            field: 'metadata.namespace',
          },
        ],
      },
    });
    expect((await ts.call('GET', agentsPath('dying', 'late'))).status).toBe(404);
    // release the namespace and let it go before the next test
    await ts.call('PATCH', agentsPath('dying', 'held'), {
      body: { metadata: { finalizers: null } },
      contentType: 'application/merge-patch+json',
    });
    await gone(ts, nsPath('dying'));
  });

  it('creates the namespace of an Organization in the same write', async () => {
    const r = await ts.call('POST', orgsPath(), { body: organization('acme', { displayName: 'Acme' }) });
    expect(r.status).toBe(201);
    const org = obj(r);
    const ns = await ts.call('GET', nsPath('acme'));
    expect(ns.status).toBe(200);
    expect(obj(ns)).toMatchObject({
      metadata: {
        name: 'acme',
        labels: { 'orgplane.io/organization': 'acme', 'kubernetes.io/metadata.name': 'acme' },
        // one transaction: the namespace has the Organization's revision
        resourceVersion: org.metadata.resourceVersion,
      },
      spec: { finalizers: ['kubernetes'] },
      status: { phase: 'Active' },
    });
    await create(ts, agentsPath('acme'), agent('first'));
  });

  it('refuses an invalid name with 422 and the DNS-1123 wording', async () => {
    const r = await ts.call('POST', agentsPath('c1'), { body: agent('Bad_Name') });
    expect(r.status).toBe(422);
    expect(status(r)).toMatchObject({
      reason: 'Invalid',
      message:
        "Agent.orgplane.io \"Bad_Name\" is invalid: metadata.name: Invalid value: \"Bad_Name\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')",
      details: { name: 'Bad_Name', group: 'orgplane.io', kind: 'Agent' },
    });
    const org = await ts.call('POST', orgsPath(), { body: organization('a.b') });
    expect(org.status).toBe(422);
    expect(status(org).message).toBe(
      'Organization.orgplane.io "a.b" is invalid: metadata.name: Invalid value: "a.b": must not contain dots',
    );
  });

  it('lists every schema error in one 422 with details.causes', async () => {
    const before = await revision(ts);
    const r = await ts.call('POST', agentsPath('c1'), {
      body: agent('bad-spec', { tools: ['', 'ok'], description: 5 }),
    });
    expect(r.status).toBe(422);
    const s = status(r);
    expect(s.reason).toBe('Invalid');
    const causes = s.details?.causes ?? [];
    expect(causes.map((c) => c.field).sort()).toEqual(['spec.description', 'spec.model', 'spec.tools[0]']);
    expect(causes).toContainEqual({
      reason: 'FieldValueRequired',
      message: 'Required value',
      field: 'spec.model',
    });
    expect(s.message).toMatch(
      /^Agent\.orgplane\.io "bad-spec" is invalid: \[.*spec\.model: Required value.*\]$/,
    );
    expect(s.message).toContain(
      'spec.description: Invalid value: "integer": spec.description in body must be of type string: "integer"',
    );
    expect(s.message).toContain(
      'spec.tools[0]: Invalid value: "": spec.tools[0] in body should be at least 1 chars long',
    );
    expect(await writesSince(ts, before)).toEqual([]);
  });

  it('applies schema defaults', async () => {
    const o = await create(ts, orgsPath(), organization('defaulted', { plan: 'free' }));
    expect(o.spec).toEqual({ plan: 'free', suspended: false });
    expect(obj(await ts.call('GET', orgsPath('defaulted'))).spec).toEqual({ plan: 'free', suspended: false });
  });

  describe('unknown fields', () => {
    const body = (name: string): unknown => agent(name, { model: 'm', colour: 'red' });

    it('Strict: 400 strict decoding error, nothing stored', async () => {
      const r = await ts.call('POST', `${agentsPath('c1')}?fieldValidation=Strict`, { body: body('strict') });
      expect(r.status).toBe(400);
      expect(status(r)).toMatchObject({
        reason: 'BadRequest',
        message: 'strict decoding error: unknown field "spec.colour"',
      });
      expect((await ts.call('GET', agentsPath('c1', 'strict'))).status).toBe(404);
    });

    it('Warn (the default): a 299 Warning header and the field dropped', async () => {
      for (const q of ['?fieldValidation=Warn', '']) {
        const name = q === '' ? 'warn-default' : 'warn';
        const r = await ts.call('POST', `${agentsPath('c1')}${q}`, { body: body(name) });
        expect(r.status).toBe(201);
        expect(r.headers['warning']).toBe('299 - "unknown field \\"spec.colour\\""');
        expect(obj(r).spec).toEqual({ model: 'm' });
        expect(obj(await ts.call('GET', agentsPath('c1', name))).spec).toEqual({ model: 'm' });
      }
    });

    it('Warn and Strict name every unknown field', async () => {
      const two = agent('two-unknown', { model: 'm', colour: 'red', size: 3 });
      const strict = await ts.call('POST', `${agentsPath('c1')}?fieldValidation=Strict`, { body: two });
      expect(status(strict).message).toBe(
        'strict decoding error: unknown field "spec.colour", unknown field "spec.size"',
      );
      const warn = await ts.call('POST', agentsPath('c1'), { body: two });
      expect(warn.status).toBe(201);
      expect(warn.headers['warning']).toBe(
        '299 - "unknown field \\"spec.colour\\"", 299 - "unknown field \\"spec.size\\""',
      );
    });

    it('Ignore: no warning and the field dropped', async () => {
      const r = await ts.call('POST', `${agentsPath('c1')}?fieldValidation=Ignore`, { body: body('ignore') });
      expect(r.status).toBe(201);
      expect(r.headers['warning']).toBeUndefined();
      expect(obj(r).spec).toEqual({ model: 'm' });
    });

    it('an unknown fieldValidation value is a 400', async () => {
      const r = await ts.call('POST', `${agentsPath('c1')}?fieldValidation=Loose`, { body: body('loose') });
      expect(r.status).toBe(400);
      expect(status(r).message).toBe(
        'fieldValidation: Unsupported value: "Loose": supported values: "Ignore", "Warn", "Strict"',
      );
    });
  });

  it('dryRun=All answers the would-be object and stores nothing', async () => {
    const before = await revision(ts);
    const r = await ts.call('POST', `${agentsPath('c1')}?dryRun=All`, { body: agent('dry') });
    expect(r.status).toBe(201);
    expect(obj(r).metadata).toMatchObject({ name: 'dry', generation: 1 });
    expect((await ts.call('GET', agentsPath('c1', 'dry'))).status).toBe(404);
    expect(await writesSince(ts, before)).toEqual([]);
  });
});
