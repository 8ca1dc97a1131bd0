/**
 * `orgplane backup`, `restore` and `migrate` with the built command against the built `orgplane up`
 * on both stores: a backup of the running server (and of the stopped store) keeps the Secret as ciphertext; restore refuses
 * without the key and into a non-empty store; the embedded server's data dir migrated into a fresh
 * etcd, and the etcd server's backup restored into a new data dir, are each served by a new
 * `orgplane up` to real kubectl (`get agents -A`) with the same objects and the Secret readable.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { binary, startE2eServer, type E2eServer } from '../support/e2e.js';
import { startEtcd, type EtcdServer } from '../support/etcd.js';

jest.setTimeout(120_000);

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

function orgplane(args: readonly string[]): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [binary, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
    child.once('close', (code) => {
      resolve({ code: code ?? -1, stdout, stderr });
    });
  });
}

const PASSWORD = 'backup-e2e-swordfish';
const TENANT = [
  {
    apiVersion: 'orgplane.io/v1alpha1',
    kind: 'Organization',
    metadata: { name: 'bk-org' },
    spec: { plan: 'free' },
  },
  ...['alpha', 'beta'].map((name) => ({
    apiVersion: 'orgplane.io/v1alpha1',
    kind: 'Agent',
    metadata: { name, namespace: 'bk-org' },
    spec: { model: `model-${name}` },
  })),
];

interface AgentView {
  readonly metadata: { uid: string; creationTimestamp: string; resourceVersion: string; generation: number };
  readonly spec: unknown;
}

const view = (a: AgentView): unknown => ({
  uid: a.metadata.uid,
  creationTimestamp: a.metadata.creationTimestamp,
  generation: a.metadata.generation,
  spec: a.spec,
});

async function getAgents(s: E2eServer): Promise<AgentView[]> {
  const r = await s.kubectl(['get', 'agents', '-n', 'bk-org', '-o', 'json']);
  if (r.code !== 0) throw new Error(r.stderr);
  return (JSON.parse(r.stdout) as { items: AgentView[] }).items;
}

async function password(s: E2eServer): Promise<string> {
  const r = await s.kubectl(['get', 'secret', 'db', '-n', 'bk-org', '-o', 'jsonpath={.data.password}']);
  return Buffer.from(r.stdout, 'base64').toString('utf8');
}

describe.each(['embedded', 'etcd'] as const)('backup, restore and migrate on %s', (backend) => {
  let server: E2eServer | undefined;
  let served: E2eServer | undefined;
  let target: EtcdServer | undefined;
  let dir = '';
  let before: AgentView[] = [];
  const live = (): E2eServer => {
    if (!server) throw new Error('the server did not start');
    return server;
  };

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'orgplane-backup-e2e-'));
    server = await startE2eServer(backend);
    const applied = await live().kubectl(['apply', '-f', '-'], {
      stdin: TENANT.map((o) => JSON.stringify(o)).join('\n'),
    });
    expect(applied.stderr).toBe('');
    const secret = await live().kubectl([
      'create',
      'secret',
      'generic',
      'db',
      '-n',
      'bk-org',
      `--from-literal=password=${PASSWORD}`,
    ]);
    expect(secret.code).toBe(0);
    before = await getAgents(live());
  }, 120_000);
  afterAll(async () => {
    await served?.stop();
    await server?.stop();
    await target?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('orgplane backup of the running server writes a verified file with the Secret as ciphertext; GET /backup is for cluster-admin only', async () => {
    const out = join(dir, 'b.jsonl');
    const r = await orgplane(['backup', '--kubeconfig', live().kubeconfig, '--out', out]);
    expect(r.stderr).toContain('backing up the server of the kubeconfig');
    expect(r.stdout).toMatch(new RegExp(`^backup of \\d+ objects at revision \\d+ written to ${out}\\n$`));
    expect(r.code).toBe(0);
    const text = await readFile(out, 'utf8');
    expect(text).not.toContain(PASSWORD);
    expect(text).not.toContain(Buffer.from(PASSWORD).toString('base64'));
    expect(text).toMatch(/"key":"\/registry\/core\/secrets\/bk-org\/db","value":"k8s:enc:aesgcm:v1:/);
    expect(text).toContain('"key":"/registry/orgplane.io/agents/bk-org/alpha"');
    const denied = await live().kubectl(['get', '--raw', '/backup', '--as', 'bob']);
    expect(denied.code).not.toBe(0);
    expect(denied.stderr).toMatch(/forbidden/i);
  });

  it('orgplane restore refuses without the key, and into a non-empty store, with one line', async () => {
    const out = join(dir, 'b.jsonl');
    const noKey = await orgplane(['restore', '--from', out, '--data-dir', join(dir, 'no-key')]);
    expect(noKey.code).toBe(1);
    expect(noKey.stderr.trim().split('\n').at(-1)).toBe(
      'orgplane: the backup holds Secrets (bk-org/db): give --encryption-provider-config with the key that encrypted them',
    );
    const key = join(live().dataDir, 'encryption-config.yaml');
    const into =
      backend === 'etcd' ? ['--etcd-servers', live().etcd?.endpoints.join(',') ?? ''] : ['--data-dir', dir];
    if (backend === 'embedded') {
      const first = await orgplane([
        'restore',
        '--from',
        out,
        '--data-dir',
        dir,
        '--encryption-provider-config',
        key,
      ]);
      expect(first.code).toBe(0);
    }
    const full = await orgplane(['restore', '--from', out, ...into, '--encryption-provider-config', key]);
    expect(full.code).toBe(1);
    expect(full.stderr.trim().split('\n').at(-1)).toMatch(
      /^orgplane: .* is not empty \(it holds \/\S+\): restore only into an empty store$/,
    );
  });

  it('the store moved into the other kind is served by orgplane up, objects identical but for resourceVersion', async () => {
    await live().halt();
    const key = join(live().dataDir, 'encryption-config.yaml');
    const stopped = join(dir, 'stopped.jsonl');
    const from =
      backend === 'etcd'
        ? ['--etcd-servers', live().etcd?.endpoints.join(',') ?? '']
        : ['--data-dir', live().dataDir];
    const offline = await orgplane(['backup', ...from, '--out', stopped]);
    expect(offline.stdout).toMatch(/^backup of \d+ objects at revision \d+ written to /);
    expect(offline.code).toBe(0);
    expect(await readFile(stopped, 'utf8')).toContain('"key":"/registry/orgplane.io/agents/bk-org/beta"');
    if (backend === 'embedded') {
      target = await startEtcd();
      const urls = target.endpoints.join(',');
      const r = await orgplane(['migrate', '--from-data-dir', live().dataDir, '--etcd-servers', urls]);
      expect(r.stdout).toMatch(/^migrated \d+ objects from .* into etcd at /);
      expect(r.code).toBe(0);
      served = await startE2eServer('embedded', [
        '--etcd-servers',
        urls,
        '--encryption-provider-config',
        key,
      ]);
    } else {
      const restored = join(dir, 'restored');
      const r = await orgplane([
        'restore',
        '--from',
        join(dir, 'b.jsonl'),
        '--data-dir',
        restored,
        '--encryption-provider-config',
        key,
      ]);
      expect(r.stdout).toMatch(/^restored \d+ objects into the embedded store in /);
      expect(r.code).toBe(0);
      served = await startE2eServer('embedded', ['--data-dir', restored]);
    }
    const list = await served.kubectl(['get', 'agents', '-A']);
    expect(list.stdout).toMatch(/bk-org\s+alpha\s+model-alpha/);
    expect(list.stdout).toMatch(/bk-org\s+beta\s+model-beta/);
    const after = await getAgents(served);
    expect(after.map(view)).toEqual(before.map(view));
    expect(await password(served)).toBe(PASSWORD);
    const rv = (a: AgentView): number => Number(a.metadata.resourceVersion);
    expect(Math.min(...after.map(rv))).toBeGreaterThan(Math.max(...before.map(rv)));
  });
});
