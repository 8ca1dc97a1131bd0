/**
 * Bad and hostile input through the real HTTPS server on both stores: every refusal is a Status
 * with kube's code and reason, never a 500, and a refused request changes nothing in the store.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startTestServer, type Backend, type CallResult, type TestServer } from '../support/apiserver.js';
import {
  agentsPath,
  createNamespace,
  names,
  nsPath,
  obj,
  revision,
  status,
  writesSince,
} from '../support/api-helpers.js';

// A tiny protobuf encoder (as in apiserver/protobuf tests): kube's envelope around a Namespace.
type Part = number[];
const varint = (v: number): Part => {
  const out: number[] = [];
  while (v >= 0x80) {
    out.push((v & 0x7f) | 0x80);
    v >>>= 7;
  }
  out.push(v);
  return out;
};
const raw = (num: number, data: Part): Part => [...varint((num << 3) | 2), ...varint(data.length), ...data];
const str = (num: number, s: string): Part => raw(num, [...Buffer.from(s, 'utf8')]);
const msg = (num: number, ...parts: Part[]): Part => raw(num, parts.flat());
const envelope = (apiVersion: string, kind: string, ...object: Part[]): Buffer =>
  Buffer.from([0x6b, 0x38, 0x73, 0x00, ...msg(1, str(1, apiVersion), str(2, kind)), ...msg(2, ...object)]);
const PROTOBUF = 'application/vnd.kubernetes.protobuf';

const deep = (depth: number): string => '['.repeat(depth) + ']'.repeat(depth);

describe.each<Backend>(['embedded', 'etcd'])('errors and hostile input on %s', (backend) => {
  let ts: TestServer;
  const post = (body: unknown, contentType?: string, headers?: Record<string, string>): Promise<CallResult> =>
    ts.call('POST', agentsPath('e1'), {
      body,
      ...(contentType ? { contentType } : {}),
      ...(headers ? { headers } : {}),
    });
  /** the request is refused with code/reason, and the store did not change */
  const refused = async (
    req: () => Promise<CallResult>,
    code: number,
    reason: string,
  ): Promise<CallResult> => {
    const before = await revision(ts);
    const r = await req();
    expect({ status: r.status, reason: status(r).reason, kind: status(r).kind }).toEqual({
      status: code,
      reason,
      kind: 'Status',
    });
    expect(await writesSince(ts, before)).toEqual([]);
    return r;
  };

  beforeAll(async () => {
    ts = await startTestServer(backend);
    await createNamespace(ts, 'e1');
  }, 60_000);
  afterAll(async () => {
    await ts.stop();
  });

  it('malformed JSON is 400', async () => {
    const r = await refused(() => post('{"metadata":'), 400, 'BadRequest');
    expect(status(r).message).toMatch(/^couldn't get version\/kind; json parse error: /);
    await refused(() => post(''), 400, 'BadRequest');
    await refused(() => post('null'), 400, 'BadRequest');
    await refused(() => post('[{"metadata":{}}]'), 400, 'BadRequest');
    await refused(() => post('{"metadata":"x","spec":{"model":"m"}}'), 400, 'BadRequest');
  });

  it('a body over 3 MiB is 413 and the connection stays usable', async () => {
    const big = JSON.stringify({ metadata: { name: 'big' }, spec: { model: 'x'.repeat(3 * 1024 * 1024) } });
    const r = await refused(() => post(big), 413, 'RequestEntityTooLarge');
    expect(status(r).message).toBe('Request entity too large: limit is 3145728');
    const declared = await refused(
      () => post(big, undefined, { 'Content-Length': String(Buffer.byteLength(big)) }),
      413,
      'RequestEntityTooLarge',
    );
    expect(declared.status).toBe(413);
    expect((await ts.call('GET', agentsPath('e1'))).status).toBe(200);
  });

  it('a wrong content type is 415', async () => {
    const r = await refused(() => post('{}', 'text/plain'), 415, 'UnsupportedMediaType');
    expect(status(r).message).toBe(
      'the body of the request was in an unknown format - accepted media types include: application/json, application/yaml, application/vnd.kubernetes.protobuf',
    );
  });

  it('YAML bodies are accepted; bad YAML and alias bombs are 400', async () => {
    const ok = await post(
      'apiVersion: orgplane.io/v1alpha1\nkind: Agent\nmetadata:\n  name: from-yaml\nspec:\n  model: m\n',
      'application/yaml',
    );
    expect(ok.status).toBe(201);
    await refused(() => post('metadata: [\n', 'application/yaml'), 400, 'BadRequest');
    let bomb = 'a0: &a0 [x,x,x,x,x,x,x,x,x]\n';
    for (let i = 1; i <= 8; i++)
      bomb += `a${i}: &a${i} [${Array(9)
        .fill(`*a${i - 1}`)
        .join(',')}]\n`;
    const started = Date.now();
    const r = await refused(
      () => post(`${bomb}metadata:\n  name: bomb\nspec:\n  model: m\n  tools: *a8\n`, 'application/yaml'),
      400,
      'BadRequest',
    );
    expect(status(r).message).toBe('the request body expands to too many values (excessive aliasing)');
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('creates a Namespace from a protobuf body (kubectl create namespace)', async () => {
    const body = envelope(
      'v1',
      'Namespace',
      msg(1, str(1, 'from-proto'), msg(11, str(1, 'team'), str(2, 'a'))),
      msg(2),
    );
    const r = await ts.call('POST', `${nsPath()}?fieldManager=kubectl-create&fieldValidation=Strict`, {
      body,
      contentType: PROTOBUF,
    });
    expect(r.status).toBe(201);
    expect(r.headers['content-type']).toMatch(/^application\/json/);
    expect(obj(r)).toMatchObject({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: 'from-proto', labels: { team: 'a', 'kubernetes.io/metadata.name': 'from-proto' } },
      status: { phase: 'Active' },
    });
    expect((await ts.call('GET', nsPath('from-proto'))).status).toBe(200);
  });

  it('garbage protobuf is 400', async () => {
    const create = (body: Buffer) => () => ts.call('POST', nsPath(), { body, contentType: PROTOBUF });
    await refused(create(Buffer.from('not protobuf at all')), 400, 'BadRequest');
    await refused(
      create(Buffer.from([0x6b, 0x38, 0x73, 0x00, 0xff, 0xff, 0xff, 0xff, 0x0f])),
      400,
      'BadRequest',
    );
    await refused(create(Buffer.from([0x6b, 0x38, 0x73, 0x00, 0x0a, 0x7f, 0x01])), 400, 'BadRequest');
    const truncated = envelope('v1', 'Namespace', msg(1, str(1, 'trunc'))).subarray(0, 20);
    await refused(create(truncated), 400, 'BadRequest');
  });

  it('an unknown resource or group is 404 the server could not find the requested resource', async () => {
    for (const path of [
      '/apis/orgplane.io/v1alpha1/namespaces/e1/widgets',
      '/apis/nope.example.com/v1/things',
      '/apis/orgplane.io/v9/namespaces/e1/agents',
      '/apis/orgplane.io/v1alpha1/namespaces/e1/agents/a/frobnicate',
    ]) {
      const r = await ts.call('GET', path);
      expect(r.status).toBe(404);
      expect(status(r)).toEqual({
        kind: 'Status',
        apiVersion: 'v1',
        metadata: {},
        status: 'Failure',
        message: 'the server could not find the requested resource',
        reason: 'NotFound',
        details: {},
        code: 404,
      });
    }
    await refused(
      () => ts.call('POST', '/apis/orgplane.io/v1alpha1/namespaces/e1/widgets', { body: {} }),
      404,
      'NotFound',
    );
  });

  it('a method a path does not route is 405', async () => {
    const r = await refused(
      () => ts.call('PUT', agentsPath('e1'), { body: { metadata: { name: 'x' } } }),
      405,
      'MethodNotAllowed',
    );
    expect(status(r).message).toBe('the server does not allow this method on the requested resource');
    await refused(
      () => ts.call('POST', agentsPath('e1', 'x'), { body: { metadata: { name: 'x' } } }),
      405,
      'MethodNotAllowed',
    );
    await refused(
      () => ts.call('PATCH', agentsPath('e1'), { body: {}, contentType: 'application/merge-patch+json' }),
      405,
      'MethodNotAllowed',
    );
  });

  it('__proto__ keys never pollute and never crash', async () => {
    const labelled = await refused(
      () => post('{"metadata":{"name":"p1","labels":{"__proto__":"x"}},"spec":{"model":"m"}}'),
      422,
      'Invalid',
    );
    expect(status(labelled).details?.causes?.[0]?.field).toBe('metadata.labels');
    // annotation keys must be qualified names, as in kube
    await refused(
      () => post('{"metadata":{"name":"p3","annotations":{"__proto__":"x"}},"spec":{"model":"m"}}'),
      422,
      'Invalid',
    );
    const r = await post(
      '{"__proto__":{"polluted":true},"metadata":{"name":"p2"},"spec":{"model":"m","__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}}}}',
    );
    expect(r.status).toBe(201);
    expect(r.headers['warning']).toContain('unknown field \\"spec.__proto__\\"');
    const stored = obj(await ts.call('GET', agentsPath('e1', 'p2')));
    expect(stored.spec).toEqual({ model: 'm' });
    expect(Object.keys(stored)).not.toContain('__proto__');
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    const patched = await ts.call('PATCH', agentsPath('e1', 'p2'), {
      body: '{"metadata":{"labels":{"ok":"1"}},"__proto__":{"polluted":true},"spec":{"__proto__":{"model":"evil"}}}',
      contentType: 'application/merge-patch+json',
    });
    expect(patched.status).toBe(200);
    expect(obj(patched).spec).toEqual({ model: 'm' });
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });

  it('deeply nested JSON is refused with 400 or 422, never 500', async () => {
    for (const depth of [2_000, 200_000]) {
      await refused(
        () => post(`{"metadata":{"name":"d${depth}"},"spec":{"model":"m","tools":${deep(depth)}}}`),
        400,
        'BadRequest',
      );
      await refused(
        () => post(`{"metadata":{"name":"u${depth}"},"spec":{"model":"m","x":${deep(depth)}}}`),
        400,
        'BadRequest',
      );
      await refused(
        () =>
          ts.call('PATCH', agentsPath('e1', 'p2'), {
            body: `{"spec":{"x":${deep(depth)}}}`,
            contentType: 'application/merge-patch+json',
          }),
        422,
        'Invalid',
      );
      const apply = await ts.call('PATCH', `${agentsPath('e1', 'p2')}?fieldManager=x`, {
        body: `{"apiVersion":"orgplane.io/v1alpha1","kind":"Agent","metadata":{"name":"p2"},"spec":{"x":${deep(depth)}}}`,
        contentType: 'application/apply-patch+yaml',
      });
      expect([400, 422]).toContain(apply.status);
    }
    // just under the limit works through the whole pipeline (an unknown field, pruned)
    const ok = await post(`{"metadata":{"name":"just-under"},"spec":{"model":"m","x":${deep(990)}}}`);
    expect(ok.status).toBe(201);
    // server-side apply has its own, lower limit (the field manager refuses more than 100 levels)
    const okApply = await ts.call('PATCH', `${agentsPath('e1', 'just-under')}?fieldManager=x&force=true`, {
      body: `{"apiVersion":"orgplane.io/v1alpha1","kind":"Agent","metadata":{"name":"just-under"},"spec":{"model":"n","x":${deep(90)}}}`,
      contentType: 'application/apply-patch+yaml',
    });
    expect(okApply.status).toBe(200);
  });

  it('huge label and annotation values are 422', async () => {
    const value = await refused(
      () => post({ metadata: { name: 'hl', labels: { k: 'v'.repeat(100_000) } }, spec: { model: 'm' } }),
      422,
      'Invalid',
    );
    expect(status(value).details?.causes?.[0]).toMatchObject({ field: 'metadata.labels' });
    expect(status(value).message).toContain('must be no more than 63 characters');
    await refused(
      () => post({ metadata: { name: 'hk', labels: { ['k'.repeat(100_000)]: 'v' } }, spec: { model: 'm' } }),
      422,
      'Invalid',
    );
    const ann = await refused(
      () => post({ metadata: { name: 'ha', annotations: { k: 'v'.repeat(300_000) } }, spec: { model: 'm' } }),
      422,
      'Invalid',
    );
    expect(status(ann).message).toBe(
      'Agent.orgplane.io "ha" is invalid: metadata.annotations: Too long: may not be more than 262144 bytes',
    );
  });

  it('odd names, paths and query parameters are 4xx', async () => {
    expect((await ts.call('GET', agentsPath('e1', 'a'.repeat(5_000)))).status).toBeLessThan(500);
    expect((await ts.call('GET', `${agentsPath('e1')}/a%00b`)).status).toBeLessThan(500);
    expect((await ts.call('GET', `${agentsPath('e1')}/%E0%A4%A`)).status).toBe(404);
    await refused(() => ts.call('GET', `${agentsPath('e1')}?limit=-1`), 400, 'BadRequest');
    await refused(() => ts.call('GET', `${agentsPath('e1')}?limit=99999999999999999999`), 400, 'BadRequest');
    await refused(() => ts.call('GET', `${agentsPath('e1')}?resourceVersion=xyz`), 400, 'BadRequest');
    await refused(
      () => ts.call('GET', `${agentsPath('e1')}?watch=true&timeoutSeconds=-5`),
      400,
      'BadRequest',
    );
    await refused(() => ts.call('GET', `${agentsPath('e1')}?labelSelector=%3D%3D%3D`), 400, 'BadRequest');
    await refused(() => ts.call('GET', agentsPath('e1'), { accept: 'text/html' }), 406, 'NotAcceptable');
  });

  it('no credentials is 401', async () => {
    const r = await refused(() => ts.call('GET', agentsPath('e1'), { token: null }), 401, 'Unauthorized');
    expect(status(r).message).toBe('Unauthorized');
    await refused(
      () => ts.call('POST', agentsPath('e1'), { token: 'wrong', body: { metadata: { name: 'x' } } }),
      401,
      'Unauthorized',
    );
  });

  it('after all of that the namespace holds only what was accepted', async () => {
    expect(names(await ts.call('GET', agentsPath('e1'))).sort()).toEqual(['from-yaml', 'just-under', 'p2']);
  });
});
