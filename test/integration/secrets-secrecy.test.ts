// A Secret's values, planted through every way of writing one (create, apply twice and changed,
// merge and JSON patch, update, refused writes), never show up anywhere but the Secret's own data:
// not in the server's log (debug level), the audit log or AuditEvents at RequestResponse, events,
// error messages, or the last-applied annotation. Real kubectl against the built `orgplane up`.
import { randomBytes } from 'node:crypto';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { startE2eServer, type Backend, type E2eServer, type KubectlResult } from '../support/e2e.js';

const NS = 'vault';
const POLICY = 'apiVersion: audit.k8s.io/v1\nkind: Policy\nrules:\n- level: RequestResponse\n';
const b64 = (s: string): string => Buffer.from(s).toString('base64');

describe.each<Backend>(['embedded', 'etcd'])('Secret values stay secret (%s)', (backend) => {
  const planted = `planted-${randomBytes(8).toString('hex')}`;
  /** every value written carries `planted`; its base64 form is looked for too */
  const v = (i: number): string => `${planted}-v${String(i)}`;
  /** what kubectl printed for every write (reads of the Secret itself show its values) */
  const outputs: string[] = [];
  let srv: E2eServer;

  const kubectl = async (args: string[], stdin?: string): Promise<KubectlResult> => {
    const r = await srv.kubectl(['-n', NS, ...args], stdin === undefined ? {} : { stdin });
    if (args[0] !== 'get') outputs.push(`${r.stdout}${r.stderr}`);
    return r;
  };
  const ok = async (args: string[], stdin?: string): Promise<string> => {
    const r = await kubectl(args, stdin);
    expect({ args, code: r.code, stderr: r.stderr }).toMatchObject({ code: 0 });
    return r.stdout;
  };
  const refused = async (args: string[], stdin: string | undefined, re: RegExp): Promise<string> => {
    const r = await kubectl(args, stdin);
    expect({ args, code: r.code === 0 ? 0 : 1, stderr: r.stderr }).toMatchObject({ code: 1, stderr: re });
    return r.stderr;
  };
  const valueOf = async (name: string, key: string): Promise<string> =>
    Buffer.from(await ok(['get', 'secret', name, '-o', `jsonpath={.data.${key}}`]), 'base64').toString();
  const secretYaml = (name: string, stringData: Record<string, string>): string =>
    JSON.stringify({ apiVersion: 'v1', kind: 'Secret', metadata: { name, namespace: NS }, stringData });
  /** every place a value could leak to, as text */
  const leaked = (text: string): string[] =>
    [planted, b64(planted).slice(0, 12)].filter((needle) => text.includes(needle));

  beforeAll(async () => {
    const dir = await import('node:os').then((os) => os.tmpdir());
    const policy = join(dir, `secrecy-policy-${planted}.yaml`);
    await writeFile(policy, POLICY);
    srv = await startE2eServer(backend, ['--audit-policy-file', policy, '--log-level', 'debug']);
    expect((await srv.kubectl(['create', 'namespace', NS])).code).toBe(0);
  }, 120_000);
  afterAll(async () => {
    await srv.stop();
  }, 30_000);

  test('written every way, read back only as data', async () => {
    // create: protobuf (kubectl create secret) and JSON (create -f)
    await ok(['create', 'secret', 'generic', 'created', `--from-literal=k=${v(1)}`]);
    await ok(['create', '-f', '-'], secretYaml('json-created', { k: v(2) }));
    // client-side apply: create, unchanged, changed
    await ok(['apply', '-f', '-'], secretYaml('applied', { k: v(3) }));
    await ok(['apply', '-f', '-'], secretYaml('applied', { k: v(3) }));
    await ok(['apply', '-f', '-'], secretYaml('applied', { k: v(4) }));
    expect(await valueOf('applied', 'k')).toBe(v(4));
    // server-side apply
    await ok(['apply', '--server-side', '-f', '-'], secretYaml('ssa', { k: v(5) }));
    // patches: merge (stringData) and JSON patch (data)
    await ok([
      'patch',
      'secret',
      'created',
      '--type=merge',
      '-p',
      JSON.stringify({ stringData: { k: v(6) } }),
    ]);
    expect(await valueOf('created', 'k')).toBe(v(6));
    const jsonPatch = [{ op: 'replace', path: '/data/k', value: b64(v(7)) }];
    await ok(['patch', 'secret', 'created', '--type=json', '-p', JSON.stringify(jsonPatch)]);
    // update (PUT) of the whole object
    const current = JSON.parse(await ok(['get', 'secret', 'json-created', '-o', 'json'])) as {
      data: Record<string, string>;
    };
    current.data['k'] = b64(v(8));
    await ok(['replace', '-f', '-'], JSON.stringify(current));
    expect(await valueOf('json-created', 'k')).toBe(v(8));

    // refused writes: a bad key, bad base64, a malformed body, an immutable secret
    const badKey = {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'bad' },
      data: { 'a/b': b64(planted) },
    };
    await refused(['create', '-f', '-'], JSON.stringify(badKey), /data\[a\/b\]/);
    const badB64 = {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'bad' },
      data: { k: `${planted}!` },
    };
    await refused(['create', '-f', '-'], JSON.stringify(badB64), /data\[k\]: Invalid value: must be base64/);
    const raw = join(srv.dataDir, '..', 'malformed.json');
    await writeFile(raw, `{"apiVersion":"v1","kind":"Secret","data":{"k": ${planted}}}`);
    await refused(
      ['create', '--raw', `/api/v1/namespaces/${NS}/secrets`, '-f', raw],
      undefined,
      /json parse error/,
    );
    await ok(
      ['apply', '-f', '-'],
      JSON.stringify({ ...JSON.parse(secretYaml('frozen', { k: planted })), immutable: true }),
    );
    await refused(
      [
        'patch',
        'secret',
        'frozen',
        '--type=merge',
        '-p',
        JSON.stringify({ stringData: { k: `${planted}-x` } }),
      ],
      undefined,
      /field is immutable when `immutable` is set/,
    );
    await refused(
      ['patch', 'secret', 'frozen', '--type=merge', '-p', `{"data": ${planted}}`],
      undefined,
      /./,
    );
  }, 120_000);

  test('no value reaches logs, audit records, events, errors or annotations', async () => {
    // stringData is never returned, last-applied keeps keys only
    const list = JSON.parse(await ok(['get', 'secrets', '-o', 'json'])) as {
      items: Record<string, unknown>[];
    };
    expect(list.items.filter((i) => 'stringData' in i)).toEqual([]);
    const withoutData = JSON.stringify(list.items.map(({ data: _d, ...rest }) => rest));
    expect(withoutData).toMatch(/last-applied-configuration/);
    expect(leaked(withoutData)).toEqual([]);
    const applied = JSON.parse(
      await ok(['apply', 'view-last-applied', 'secret', 'applied', '-o', 'json']),
    ) as unknown;
    expect(applied).toMatchObject({ stringData: { k: '<redacted>' } });

    // audit: the log file(s) and the AuditEvent objects, at RequestResponse
    await new Promise((r) => setTimeout(r, 3000)); // buffered backends flush
    const auditDir = join(srv.dataDir, 'audit');
    const files = (await readdir(auditDir)).filter((f) => f.startsWith('audit'));
    const auditLog = (await Promise.all(files.map((f) => readFile(join(auditDir, f), 'utf8')))).join('');
    // (booleans: a failure would otherwise print the whole log)
    expect(/"resource":"secrets"/.test(auditLog)).toBe(true);
    expect(/"requestObject":\{[^\n]*"<redacted>"/.test(auditLog)).toBe(true);
    expect(leaked(auditLog)).toEqual([]);
    const events = await srv.kubectl(['get', 'auditevents', '-A', '-o', 'json']);
    expect(events.code).toBe(0);
    expect(/"resource": "secrets"/.test(events.stdout)).toBe(true);
    expect(leaked(events.stdout)).toEqual([]);

    // events, the server's own log, and everything kubectl printed (errors included)
    const coreEvents = await srv.kubectl(['get', 'events', '-A', '-o', 'json']);
    expect(leaked(coreEvents.stdout)).toEqual([]);
    expect(/secrets/.test(srv.log())).toBe(true);
    expect(leaked(srv.log())).toEqual([]);
    const printed = outputs
      .filter((o) => !/^\$ kubectl get secret \S+ -o (jsonpath|json)/.test(o))
      .join('\n');
    expect(leaked(printed.replace(/^\$ kubectl .*$/gm, ''))).toEqual([]);
  }, 60_000);
});
