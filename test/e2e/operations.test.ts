/**
 * Operations with the real commands against the built `orgplane up` (both stores): real
 * kubectl `auth whoami` for the admin and a ServiceAccount token, a RoleBinding's immutable
 * roleRef through `kubectl apply`, `orgplane keys rotate`, and
 * `orgplane audit verify` on the server's audit log, untouched and then with one line altered,
 * removed, two swapped and its tail cut (each time it must name the first tampered line).
 */
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { decodeProtectedHeader } from 'jose';
import { binary, startE2eServer, type E2eServer } from '../support/e2e.js';
import { kubectlFor } from './kubectl/harness.js';

jest.setTimeout(60_000);

interface Run {
  readonly code: number;
  readonly out: string;
}

function orgplane(args: readonly string[]): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [binary, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString('utf8')));
    child.stderr.on('data', (c: Buffer) => (out += c.toString('utf8')));
    child.once('close', (code) => {
      resolve({ code: code ?? -1, out });
    });
  });
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const isDigest = (line: string): boolean => line.startsWith('{"kind":"AuditDigest"');

describe.each(['embedded', 'etcd'] as const)('operations with the real commands on %s', (backend) => {
  let server: E2eServer | undefined;
  const k = kubectlFor(() => {
    if (!server) throw new Error('the server did not start');
    return server;
  });
  const kubeconfig = (): string => server?.kubeconfig ?? '';

  async function saToken(name: string): Promise<string> {
    await k.ok(['create', '-f', '-'], {
      stdin: JSON.stringify({
        apiVersion: 'orgplane.io/v1alpha1',
        kind: 'ServiceAccount',
        metadata: { name },
      }),
    });
    const tr = JSON.stringify({ apiVersion: 'authentication.k8s.io/v1', kind: 'TokenRequest', spec: {} });
    const out = await k.ok(
      ['create', '--raw', `/apis/orgplane.io/v1alpha1/serviceaccounts/${name}/token`, '-f', '-'],
      {
        stdin: tr,
      },
    );
    return (JSON.parse(out) as { status: { token: string } }).status.token;
  }

  beforeAll(async () => {
    server = await startE2eServer(backend, ['--audit-log-digest-interval', '1s']);
  }, 120_000);
  afterAll(async () => {
    await server?.stop();
  });

  it('kubectl auth whoami answers the admin and a ServiceAccount', async () => {
    expect(await k.ok(['auth', 'whoami'])).toMatch(
      /Username\s+orgplane:bootstrap-admin[\s\S]*Groups\s+\[system:masters/,
    );
    const token = await saToken('whoami-bot');
    const yaml = await k.ok(['auth', 'whoami', '-o', 'yaml', '--token', token]);
    expect(yaml).toMatch(/kind: SelfSubjectReview/);
    expect(yaml).toMatch(/username: whoami-bot/);
    expect(yaml).toMatch(/- orgplane:serviceaccounts/);
  });

  it("kubectl cannot change a RoleBinding's roleRef: 422 as kube words it", async () => {
    const rb = (role: string): string =>
      JSON.stringify({
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'RoleBinding',
        metadata: { name: 'fixed-role', namespace: 'ops-rb' },
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: role },
        subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: 'alice' }],
      });
    await k.ok(['create', 'namespace', 'ops-rb']);
    await k.ok(['apply', '-f', '-'], { stdin: rb('viewer') });
    const changed = await k.run(['apply', '-f', '-'], { stdin: rb('developer') });
    expect(changed.code).not.toBe(0);
    expect(changed.stderr).toMatch(/roleRef: Invalid value: .*cannot change roleRef/);
    expect(
      await k.ok(['get', 'rolebinding', 'fixed-role', '-n', 'ops-rb', '-o', 'jsonpath={.roleRef.name}']),
    ).toBe('viewer');
  });

  it('orgplane keys rotate: tokens from before still work, new ones carry the new key, the JWKS has both', async () => {
    const before = await saToken('rotate-bot');
    const rotated = await orgplane(['keys', 'rotate', '--kubeconfig', kubeconfig()]);
    expect(rotated.code).toBe(0);
    const newKid = /rotated the token signing key: (\S+) signs new tokens/.exec(rotated.out)?.[1] ?? '';
    expect(newKid).not.toBe('');
    expect(rotated.out).toContain('verifies only (retired');
    const tr = JSON.stringify({ apiVersion: 'authentication.k8s.io/v1', kind: 'TokenRequest', spec: {} });
    const after = JSON.parse(
      await k.ok(
        ['create', '--raw', '/apis/orgplane.io/v1alpha1/serviceaccounts/rotate-bot/token', '-f', '-'],
        {
          stdin: tr,
        },
      ),
    ) as { status: { token: string } };
    expect(decodeProtectedHeader(after.status.token).kid).toBe(newKid);
    for (const token of [before, after.status.token])
      expect(await k.ok(['auth', 'whoami', '--token', token])).toMatch(/Username\s+rotate-bot/);
    const jwks = JSON.parse(await k.ok(['get', '--raw', '/openid/v1/jwks'])) as { keys: { kid: string }[] };
    expect(jwks.keys.map((x) => x.kid)).toEqual(
      expect.arrayContaining([newKid, decodeProtectedHeader(before).kid]),
    );
  });

  it('orgplane audit verify says the log is intact, then names each tampered line', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'audit-verify-e2e-'));
    const jwks = join(dir, 'jwks.json');
    await writeFile(jwks, await k.ok(['get', '--raw', '/openid/v1/jwks']));
    for (let round = 0; round < 3; round++) {
      for (let i = 0; i < 5; i++) await k.ok(['get', 'namespaces']);
      await sleep(1200);
    }
    await server?.halt();
    const auditDir = join(server?.dataDir ?? '', 'audit');
    const intact = await orgplane(['audit', 'verify', auditDir, '--jwks', jwks]);
    expect(intact.out).toMatch(/^audit log intact: \d+ records and \d+ digests verified in 1 file/);
    expect(intact.code).toBe(0);

    const lines = (await readFile(join(auditDir, 'audit.log'), 'utf8')).split('\n').slice(0, -1);
    expect(lines.filter(isDigest).length).toBeGreaterThan(2);
    // a record in the middle with records on both sides
    const k0 = lines.findIndex(
      (l, i) =>
        i > 2 && !isDigest(l) && [1, 2].every((d) => !isDigest(lines[i + d] ?? '{"kind":"AuditDigest"')),
    );
    expect(k0).toBeGreaterThan(0);
    const tamper = async (name: string, change: (ls: string[]) => void): Promise<Run> => {
      const copy = join(dir, name);
      await mkdir(copy);
      const ls = [...lines];
      change(ls);
      await writeFile(join(copy, 'audit.log'), ls.map((l) => `${l}\n`).join(''));
      return orgplane(['audit', 'verify', copy, '--jwks', jwks]);
    };
    const line = String(k0 + 1);
    const altered = await tamper('altered', (ls) => {
      ls[k0] = (ls[k0] ?? '').replace('"stage":"', '"stage":"X');
    });
    expect(altered).toEqual({
      code: 1,
      out: expect.stringContaining(`audit log tampered: audit.log:${line}: record altered`),
    });
    const removed = await tamper('removed', (ls) => ls.splice(k0, 1));
    expect(removed).toEqual({
      code: 1,
      out: expect.stringContaining(`audit.log:${line}: 1 record(s) removed`),
    });
    const swapped = await tamper('swapped', (ls) => {
      [ls[k0], ls[k0 + 1]] = [ls[k0 + 1] ?? '', ls[k0] ?? ''];
    });
    expect(swapped).toEqual({
      code: 1,
      out: expect.stringContaining(`audit.log:${line}: record out of order`),
    });
    // cut the shutdown digest and the record before it: once the digest covering the records
    // after the last remaining digest is overdue, verify names the first of them
    const cutAt = lines.length - 2;
    const lastDigest = lines.slice(0, cutAt).findLastIndex(isDigest);
    await sleep(2500);
    const cut = await tamper('cut', (ls) => ls.splice(cutAt));
    expect(cut).toEqual({
      code: 1,
      out: expect.stringContaining(`audit.log:${String(lastDigest + 2)}: no digest covers`),
    });
  });
});
