/**
 * Every sample in manifests/ applies with real kubectl in the order manifests/README.md gives
 * (Organization first, then the directory, the onboarding bundle, the kustomize example), the
 * objects exist afterwards, and applying everything again changes nothing.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, jest, test } from '@jest/globals';
import { loadAll } from 'js-yaml';
import { repoRoot, startE2eServer, type E2eServer } from '../support/e2e.js';
import { kubectlFor, lines } from './kubectl/harness.js';

jest.setTimeout(60_000);

const dir = join(repoRoot, 'manifests');
const ORG_FILE = 'orgplane.io_v1alpha1_organization.yaml';
const topFiles = readdirSync(dir).filter((f) => f.endsWith('.yaml'));
const BUNDLE = join(dir, 'onboarding/bundle.yaml');
const KUSTOMIZE = join(dir, 'kustomize');
const KUSTOMIZE_FILES = ['organization.yaml', 'serviceaccounts.yaml', 'agents.yaml', 'rolebindings.yaml'];

interface Manifest {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string };
}

function manifestsIn(file: string): Manifest[] {
  return loadAll(readFileSync(file, 'utf8')).filter(
    (d): d is Manifest => typeof d === 'object' && d !== null,
  );
}

/** kubectl's name for an object: agent.orgplane.io/support-bot, namespace/x */
function ref(m: Manifest): string {
  const group = m.apiVersion.includes('/') ? `.${m.apiVersion.split('/')[0] ?? ''}` : '';
  return `${m.kind.toLowerCase()}${group}/${m.metadata.name}`;
}

const every: Manifest[] = [
  ...topFiles.flatMap((f) => manifestsIn(join(dir, f))),
  ...manifestsIn(BUNDLE),
  ...KUSTOMIZE_FILES.flatMap((f) => manifestsIn(join(KUSTOMIZE, f))),
];

describe.each(['embedded', 'etcd'] as const)('manifests/ with kubectl on %s', (backend) => {
  let server: E2eServer | undefined;
  const k = kubectlFor(() => {
    if (!server) throw new Error('the server did not start');
    return server;
  });
  const applied = async (args: string[]): Promise<string[]> => lines(await k.ok(['apply', ...args]));

  beforeAll(async () => {
    server = await startE2eServer(backend);
  }, 120_000);
  afterAll(async () => {
    await server?.stop();
  });

  test('the README order applies every file', async () => {
    expect(await applied(['-f', join(dir, ORG_FILE)])).toEqual([
      'organization.orgplane.io/acme-corp created',
    ]);
    const rest = topFiles.filter((f) => f !== ORG_FILE).flatMap((f) => manifestsIn(join(dir, f)));
    const out = await applied(['-f', dir]);
    expect(out).toHaveLength(rest.length + 1);
    expect(out).toContain('organization.orgplane.io/acme-corp unchanged');
    for (const m of rest) expect(out).toContain(`${ref(m)} created`);
    const bundle = await applied(['-f', BUNDLE]);
    expect(bundle).toEqual(manifestsIn(BUNDLE).map((m) => `${ref(m)} created`));
    const kustomized = await applied(['-k', KUSTOMIZE]);
    expect(kustomized.sort()).toEqual(
      KUSTOMIZE_FILES.flatMap((f) => manifestsIn(join(KUSTOMIZE, f)))
        .map((m) => `${ref(m)} created`)
        .sort(),
    );
  });

  test('every object exists, organizations have their namespaces, kustomize labels and patches hold', async () => {
    const byNamespace = new Map<string, string[]>();
    for (const m of every) {
      const ns = m.metadata.namespace ?? '';
      byNamespace.set(ns, [...(byNamespace.get(ns) ?? []), ref(m)]);
    }
    for (const [ns, refs] of byNamespace) {
      const got = lines(await k.ok(['get', ...refs, ...(ns ? ['-n', ns] : []), '-o', 'name']));
      expect(got.sort()).toEqual([...new Set(refs)].sort());
    }
    const namespaces = await k.ok(['get', 'namespaces', 'acme-corp', 'globex', 'initech', '-o', 'name']);
    expect(lines(namespaces)).toEqual(['namespace/acme-corp', 'namespace/globex', 'namespace/initech']);
    const kustomized = await k.ok([
      'get',
      'agent',
      'support-bot',
      '-n',
      'initech',
      '-o',
      'jsonpath={.spec.model} {.metadata.labels.app\\.kubernetes\\.io/managed-by} {.metadata.labels.orgplane\\.io/tenant}',
    ]);
    expect(kustomized).toBe('gpt-4o kustomize initech');
  });

  test('applying everything again changes nothing', async () => {
    const again = [
      ...(await applied(['-f', join(dir, ORG_FILE)])),
      ...(await applied(['-f', dir])),
      ...(await applied(['-f', BUNDLE])),
      ...(await applied(['-k', KUSTOMIZE])),
    ];
    expect(again.filter((l) => !l.endsWith(' unchanged'))).toEqual([]);
    expect(again.length).toBe(1 + topFiles.length + manifestsIn(BUNDLE).length + 7);
  });
});
