import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { type NextFunction, type Request, type Response } from 'express';
import type { UserInfo } from '../../api/user.js';
import { forbiddenError } from '../authz/forbidden.js';
import { unauthorized } from '../errors/status.js';
import { toApiError } from '../errors/translate.js';
import { readBody } from '../http/body.js';
import { recordWritten, sendError, sendJson } from '../http/respond.js';
import { auditPanics, auditRequests } from './middleware.js';
import { DEFAULT_POLICY, parsePolicy, type AuditPolicy } from './policy.js';
import { PolicyChecker } from './policy-checker.js';
import { requestAttributes } from './request.js';
import type { AuditRecord } from './types.js';

const USERS: Record<string, UserInfo> = {
  alice: { username: 'alice', uid: 'u-1', groups: ['system:authenticated'], extra: { scopes: ['a'] } },
};
const SECRET = 'correct horse battery staple';

/** A server shaped like app.ts: id → audit → authn/authz → handlers → panics → errors. */
function app(policy: AuditPolicy, records: AuditRecord[]): express.Express {
  const a = express();
  let n = 0;
  a.use((_req: Request, resp: Response, next: NextFunction) => {
    resp.locals.auditID = `audit-${String(++n)}`;
    next();
  });
  a.use(auditRequests({ policy: new PolicyChecker(policy), emit: (r) => records.push(r) }));
  a.use(async (req: Request, resp: Response, next: NextFunction) => {
    const token = (req.headers.authorization ?? '').replace(/^Bearer /, '');
    const user = USERS[token];
    if (!user) throw unauthorized();
    resp.locals.userInfo = user;
    const attrs = { user, ...requestAttributes(req.method, new URL(req.originalUrl, 'https://x')) };
    const allowed = attrs.namespace !== 'tech-startup';
    resp.locals.decision = {
      decision: allowed ? 'allow' : 'deny',
      reason: allowed ? 'bound as org-admin' : '',
    };
    if (!allowed) throw forbiddenError(attrs, '');
    await Promise.resolve();
    next();
  });
  a.post('/apis/orgplane.io/v1alpha1/namespaces/:ns/agents', async (req, resp) => {
    const body = JSON.parse((await readBody(req)).toString('utf8')) as { metadata: object };
    const meta = {
      ...body.metadata,
      name: 'agent-x1',
      uid: 'uid-1',
      resourceVersion: '7',
      managedFields: [{}],
    };
    sendJson(resp, 201, { ...body, metadata: meta });
  });
  // a handler that says what it wrote (handlers/write.ts) and answers something else, e.g. a Table
  a.post('/apis/orgplane.io/v1alpha1/namespaces/:ns/widgets', async (req, resp) => {
    await readBody(req);
    recordWritten(resp, { metadata: { name: 'widget-q7', uid: 'uid-w', resourceVersion: '9' } });
    sendJson(resp, 201, { kind: 'Table', rows: [] });
  });
  a.post(['/apis/orgplane.io/v1alpha1/serviceaccounts/:n/password', '/login'], async (req, resp) => {
    await readBody(req);
    sendJson(resp, 200, { status: { token: SECRET } });
  });
  a.get('/apis/orgplane.io/v1alpha1/namespaces/:ns/agents', (req, resp) => {
    if (req.query.watch !== 'true') {
      sendJson(resp, 200, { kind: 'AgentList', items: [] });
      return;
    }
    resp.status(200).setHeader('Content-Type', 'application/json');
    resp.flushHeaders();
    resp.write('{"type":"ADDED"}\n');
    setTimeout(() => {
      resp.end('{"type":"DELETED"}\n');
    }, 150);
  });
  a.get('/apis/orgplane.io/v1alpha1/namespaces/:ns/agents/crash', () => {
    throw new Error('boom');
  });
  a.use(auditPanics());
  a.use((err: unknown, _req: Request, resp: Response, _next: NextFunction) => {
    sendError(resp, toApiError(err));
  });
  return a;
}

let server: Server | undefined;
let base = '';
const records: AuditRecord[] = [];

async function serve(policy: AuditPolicy): Promise<void> {
  server?.close();
  records.length = 0;
  server = createServer(app(policy, records));
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  base = `http://127.0.0.1:${String((server.address() as AddressInfo).port)}`;
}

async function call(
  method: string,
  path: string,
  body?: unknown,
  token = 'alice',
): Promise<globalThis.Response> {
  const resp = await fetch(base + path, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      'user-agent': 'kubectl/v1.32',
      'content-type': 'application/json',
    },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  await resp.text();
  return resp;
}

async function settled(count: number): Promise<AuditRecord[]> {
  for (let i = 0; i < 100 && records.length < count; i++) await new Promise((r) => setTimeout(r, 10));
  return records;
}

const ALL_REQUEST_RESPONSE = parsePolicy(
  'apiVersion: audit.k8s.io/v1\nkind: Policy\nrules: [{level: RequestResponse}]\n',
);

afterAll(() => {
  server?.close();
});

describe('audit middleware', () => {
  it('records a request at Metadata with user, decision, objectRef and microsecond timestamps', async () => {
    await serve(DEFAULT_POLICY);
    const resp = await call('GET', '/apis/orgplane.io/v1alpha1/namespaces/acme-corp/agents?limit=5');
    expect(resp.status).toBe(200);
    const [ev] = await settled(1);
    expect(records).toHaveLength(1);
    expect(ev).toMatchObject({
      kind: 'Event',
      apiVersion: 'audit.k8s.io/v1',
      level: 'Metadata',
      auditID: 'audit-1',
      stage: 'ResponseComplete',
      requestURI: '/apis/orgplane.io/v1alpha1/namespaces/acme-corp/agents?limit=5',
      verb: 'list',
      user: { username: 'alice', uid: 'u-1', groups: ['system:authenticated'], extra: { scopes: ['a'] } },
      sourceIPs: ['127.0.0.1'],
      userAgent: 'kubectl/v1.32',
      objectRef: {
        resource: 'agents',
        namespace: 'acme-corp',
        apiGroup: 'orgplane.io',
        apiVersion: 'v1alpha1',
      },
      responseStatus: { metadata: {}, code: 200 },
      annotations: {
        'authorization.k8s.io/decision': 'allow',
        'authorization.k8s.io/reason': 'bound as org-admin',
      },
    });
    expect(ev?.requestReceivedTimestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
    expect(ev?.stageTimestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
    expect(ev?.requestObject).toBeUndefined();
    expect(ev?.responseObject).toBeUndefined();
  });

  it('audits unauthenticated requests as system:anonymous and denials as forbid', async () => {
    await serve(DEFAULT_POLICY);
    expect(
      (await call('GET', '/apis/orgplane.io/v1alpha1/namespaces/acme-corp/agents', undefined, 'nobody'))
        .status,
    ).toBe(401);
    expect(
      (await call('POST', '/apis/orgplane.io/v1alpha1/namespaces/tech-startup/agents', { metadata: {} }))
        .status,
    ).toBe(403);
    const [anon, denied] = await settled(2);
    expect(anon).toMatchObject({
      user: { username: 'system:anonymous', groups: ['system:unauthenticated'] },
      responseStatus: { code: 401, status: 'Failure', reason: 'Unauthorized', message: 'Unauthorized' },
    });
    expect(anon?.annotations).toBeUndefined();
    expect(denied).toMatchObject({
      verb: 'create',
      user: { username: 'alice' },
      objectRef: { resource: 'agents', namespace: 'tech-startup' },
      annotations: { 'authorization.k8s.io/decision': 'forbid' },
      responseStatus: { code: 403, reason: 'Forbidden' },
    });
    expect(denied?.responseStatus?.message).toContain('User "alice" cannot create resource "agents"');
  });

  it('fills the name of a created object from the response, at Metadata without bodies', async () => {
    await serve(DEFAULT_POLICY);
    await call('POST', '/apis/orgplane.io/v1alpha1/namespaces/acme-corp/agents', {
      metadata: { generateName: 'agent-' },
    });
    const [ev] = await settled(1);
    expect(ev?.objectRef).toMatchObject({ name: 'agent-x1', uid: 'uid-1', resourceVersion: '7' });
    expect(ev?.requestObject).toBeUndefined();
  });

  it('takes the name of a created object from what the handler wrote when it says so', async () => {
    await serve(DEFAULT_POLICY);
    await call('POST', '/apis/orgplane.io/v1alpha1/namespaces/acme-corp/widgets', {
      metadata: { generateName: 'widget-' },
    });
    const [ev] = await settled(1);
    expect(ev?.objectRef).toMatchObject({ name: 'widget-q7', uid: 'uid-w', resourceVersion: '9' });
    expect(ev?.responseObject).toBeUndefined();
  });

  it('keeps request and response objects at RequestResponse, managed fields when not omitted', async () => {
    await serve(ALL_REQUEST_RESPONSE);
    await call('POST', '/apis/orgplane.io/v1alpha1/namespaces/acme-corp/agents', {
      metadata: {},
      spec: { model: 'm' },
    });
    const ev = (await settled(2)).find((r) => r.stage === 'ResponseComplete');
    expect(records.map((r) => r.stage)).toEqual(['RequestReceived', 'ResponseComplete']);
    expect(records[0]?.responseStatus).toBeUndefined();
    expect(ev?.requestObject).toEqual({ metadata: {}, spec: { model: 'm' } });
    expect(ev?.responseObject).toMatchObject({
      spec: { model: 'm' },
      metadata: { name: 'agent-x1', managedFields: [{}] },
    });
    await serve(
      parsePolicy(
        'apiVersion: audit.k8s.io/v1\nkind: Policy\nomitManagedFields: true\nrules: [{level: RequestResponse}]\n',
      ),
    );
    await call('POST', '/apis/orgplane.io/v1alpha1/namespaces/acme-corp/agents', { metadata: {} });
    const trimmed = (await settled(2)).find((r) => r.stage === 'ResponseComplete');
    expect(trimmed?.responseObject).toEqual({
      metadata: { name: 'agent-x1', uid: 'uid-1', resourceVersion: '7' },
    });
  });

  it('records no request object for a body the handler never read (a denied request)', async () => {
    await serve(ALL_REQUEST_RESPONSE);
    await call('POST', '/apis/orgplane.io/v1alpha1/namespaces/tech-startup/agents', { spec: { model: 'm' } });
    const ev = (await settled(2)).find((r) => r.stage === 'ResponseComplete');
    expect(ev?.responseStatus?.code).toBe(403);
    expect(ev?.requestObject).toBeUndefined();
    expect(ev?.responseObject).toMatchObject({ kind: 'Status', reason: 'Forbidden' });
  });

  it('never records bodies of password, token and login endpoints, nor credentials in the URI', async () => {
    await serve(ALL_REQUEST_RESPONSE);
    await call('POST', '/apis/orgplane.io/v1alpha1/serviceaccounts/bob/password', { password: SECRET });
    await call('POST', '/login?password=hunter2&x=1', { username: 'bob', password: SECRET }, 'nobody');
    await settled(4);
    const text = JSON.stringify(records);
    expect(text).not.toContain(SECRET);
    expect(text).not.toContain('hunter2');
    expect(text).not.toContain('Bearer');
    const login = records.find((r) => r.stage === 'ResponseComplete' && r.verb === 'post');
    expect(login?.requestURI).toBe('/login?password=REDACTED&x=1');
    expect(records.filter((r) => r.stage === 'ResponseComplete').map((r) => r.responseStatus?.code)).toEqual([
      200, 401,
    ]);
  });

  it('emits ResponseStarted when a watch opens and ResponseComplete when it ends, streaming meanwhile', async () => {
    await serve(ALL_REQUEST_RESPONSE);
    const resp = await fetch(`${base}/apis/orgplane.io/v1alpha1/namespaces/acme-corp/agents?watch=true`, {
      headers: { authorization: 'Bearer alice' },
    });
    const reader = resp.body?.getReader();
    const first = await reader?.read();
    expect(Buffer.from(first?.value ?? []).toString()).toContain('ADDED');
    expect(records.map((r) => r.stage)).toEqual(['RequestReceived', 'ResponseStarted']);
    while (!(await reader?.read())?.done);
    await settled(3);
    expect(records.map((r) => [r.stage, r.verb])).toEqual([
      ['RequestReceived', 'watch'],
      ['ResponseStarted', 'watch'],
      ['ResponseComplete', 'watch'],
    ]);
    expect(records[2]?.responseObject).toBeUndefined();
  });

  it('records a handler crash at stage Panic', async () => {
    await serve(DEFAULT_POLICY);
    expect((await call('GET', '/apis/orgplane.io/v1alpha1/namespaces/acme-corp/agents/crash')).status).toBe(
      500,
    );
    const [ev] = await settled(1);
    expect(ev).toMatchObject({
      stage: 'Panic',
      responseStatus: { code: 500, reason: 'InternalError', message: "APIServer panic'd: boom" },
    });
  });

  it('emits nothing for requests at level None', async () => {
    await serve(parsePolicy('apiVersion: audit.k8s.io/v1\nkind: Policy\nrules: [{level: None}]\n'));
    await call('GET', '/apis/orgplane.io/v1alpha1/namespaces/acme-corp/agents');
    await new Promise((r) => setTimeout(r, 30));
    expect(records).toHaveLength(0);
  });
});
