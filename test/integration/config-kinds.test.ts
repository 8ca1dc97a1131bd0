// ConfigMaps and Secrets as real kubectl uses them against the built `orgplane up`: create from
// literals and files (protobuf bodies), the DATA column, describe, apply with stringData, and the
// validation kube does (keys, base64, shared keys, 1 MiB, immutable, type).
import { randomBytes } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { startE2eServer, type E2eServer, type KubectlResult } from '../support/e2e.js';

const NS = 'conf';
const b64 = (s: string): string => Buffer.from(s).toString('base64');

describe('ConfigMaps and Secrets with kubectl', () => {
  let srv: E2eServer;
  const kubectl = (args: string[], stdin?: string): Promise<KubectlResult> =>
    srv.kubectl(['-n', NS, ...args], stdin === undefined ? {} : { stdin });
  const ok = async (args: string[], stdin?: string): Promise<string> => {
    const r = await kubectl(args, stdin);
    expect({ args, code: r.code, stderr: r.stderr }).toMatchObject({ code: 0 });
    return r.stdout;
  };
  const refused = async (args: string[], stdin: string | undefined): Promise<string> => {
    const r = await kubectl(args, stdin);
    expect({ args, failed: r.code !== 0 }).toEqual({ args, failed: true });
    return r.stderr;
  };
  const file = async (name: string, content: string | Buffer): Promise<string> => {
    const path = join(srv.dataDir, '..', name);
    await writeFile(path, content);
    return path;
  };
  const secret = (fields: Record<string, unknown>): string =>
    JSON.stringify({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'bad' }, ...fields });

  beforeAll(async () => {
    srv = await startE2eServer('embedded');
    expect((await srv.kubectl(['create', 'namespace', NS])).code).toBe(0);
  }, 120_000);
  afterAll(async () => {
    await srv.stop();
  }, 30_000);

  test('kubectl create, get, describe and jsonpath', async () => {
    const settings = await file('settings.ini', 'tone=warm\n');
    await ok(['create', 'configmap', 'cm1', '--from-literal=a=1', `--from-file=${settings}`]);
    await ok([
      'create',
      'secret',
      'generic',
      's1',
      '--from-literal=user=admin',
      '--from-literal=pw=hunter22',
    ]);
    expect(await ok(['get', 'configmaps'])).toMatch(/^NAME\s+DATA\s+AGE\ncm1\s+2\s+\d+s\n$/);
    expect(await ok(['get', 'cm', 'cm1', '-o', 'jsonpath={.data.settings\\.ini}'])).toBe('tone=warm\n');
    expect(await ok(['get', 'secrets'])).toMatch(/^NAME\s+TYPE\s+DATA\s+AGE\ns1\s+Opaque\s+2\s+\d+s\n$/);
    expect(await ok(['get', 'secret', 's1', '-o', 'jsonpath={.data.pw}'])).toBe(b64('hunter22'));
    const described = await ok(['describe', 'secret', 's1']);
    expect(described).toMatch(/pw:\s+8 bytes/);
    expect(described).not.toContain('hunter22');
  }, 60_000);

  test('apply with stringData: merged into data, twice, then changed', async () => {
    const manifest = (v: string): string =>
      JSON.stringify({
        apiVersion: 'v1',
        kind: 'Secret',
        metadata: { name: 'hook' },
        stringData: { url: v },
      });
    await ok(['apply', '-f', '-'], manifest('https://a'));
    await ok(['apply', '-f', '-'], manifest('https://a'));
    await ok(['apply', '-f', '-'], manifest('https://b'));
    const got = JSON.parse(await ok(['get', 'secret', 'hook', '-o', 'json'])) as Record<string, unknown>;
    expect(got).toMatchObject({ data: { url: b64('https://b') }, type: 'Opaque' });
    expect(got).not.toHaveProperty('stringData');
    // moving to server-side apply takes over data the redacted annotation still names
    const data = (v: string): string =>
      JSON.stringify({
        apiVersion: 'v1',
        kind: 'Secret',
        metadata: { name: 'hook2' },
        data: { url: b64(v) },
      });
    await ok(['apply', '-f', '-'], data('https://a'));
    await ok(['apply', '--server-side', '-f', '-'], data('https://c'));
    expect(await ok(['get', 'secret', 'hook2', '-o', 'jsonpath={.data.url}'])).toBe(b64('https://c'));
  }, 60_000);

  test('refuses what kube refuses, naming the field', async () => {
    expect(await refused(['create', '-f', '-'], secret({ data: { 'a/b': b64('x') } }))).toMatch(
      /Secret "bad" is invalid: data\[a\/b\]: Invalid value: "a\/b": a valid config key must consist of/,
    );
    expect(await refused(['create', '-f', '-'], secret({ data: { k: 'not base64!' } }))).toMatch(
      /data\[k\]: Invalid value: must be base64 encoded/,
    );
    const shared = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'bad' },
      data: { k: 'a' },
      binaryData: { k: 'YQ==' },
    };
    expect(await refused(['create', '-f', '-'], JSON.stringify(shared))).toMatch(
      /binaryData\[k\]: Invalid value: "k": duplicate of key present in data/,
    );
    const big = await file('big.bin', randomBytes(1536 * 1024));
    expect(await refused(['create', 'secret', 'generic', 'big', `--from-file=${big}`], undefined)).toMatch(
      /data: Too long: may not be more than 1048576 bytes/,
    );
    expect(await refused(['create', 'configmap', 'big', `--from-file=${big}`], undefined)).toMatch(
      /Too long: may not be more than 1048576 bytes/,
    );
  }, 60_000);

  test('keeps an immutable Secret and every Secret type as they are', async () => {
    await ok(
      ['create', '-f', '-'],
      secret({ metadata: { name: 'frozen' }, immutable: true, stringData: { k: 'v1' } }),
    );
    const patch = (p: unknown): Promise<string> =>
      refused(['patch', 'secret', 'frozen', '--type=merge', '-p', JSON.stringify(p)], undefined);
    expect(await patch({ stringData: { k: 'v2' } })).toMatch(
      /data: Forbidden: field is immutable when `immutable` is set/,
    );
    expect(await patch({ immutable: false })).toMatch(
      /immutable: Forbidden: field is immutable when `immutable` is set/,
    );
    expect(await patch({ type: 'kubernetes.io/tls' })).toMatch(
      /type: Invalid value: "kubernetes.io\/tls": field is immutable/,
    );
    await ok(['patch', 'secret', 'frozen', '--type=merge', '-p', '{"metadata":{"labels":{"a":"b"}}}']);
    await ok(['create', 'configmap', 'fixed', '--from-literal=a=1']);
    await ok(['patch', 'cm', 'fixed', '-p', '{"immutable":true}']);
    expect(await refused(['patch', 'cm', 'fixed', '-p', '{"data":{"a":"2"}}'], undefined)).toMatch(
      /data: Forbidden: field is immutable when `immutable` is set/,
    );
  }, 60_000);
});
