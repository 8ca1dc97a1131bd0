/**
 * The GitOps health files. Argo CD (manifests/gitops/argocd): each health/orgplane.io/<Kind>/health.lua,
 * run under lua5.4 (installed by hack/ensure-lua.sh) the way Argo CD runs it (the object as the
 * global `obj`, the chunk returning {status, message}), answers what its health_test.yaml lists for
 * every testdata object (the layout of Argo CD's resource_customizations); every testdata object is
 * one object of its kind (api/manifests.test.ts validates it against the CRD schemas); and
 * argocd-cm.yaml embeds exactly these scripts. Flux (manifests/gitops/flux): the Kustomization
 * health-checks objects its path applies.
 */
import { beforeAll, describe, expect, it } from '@jest/globals';
import { load, loadAll } from 'js-yaml';
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { KubeObject } from '../api/meta.js';
import { luaLiteral } from './lua-literal.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const argocd = join(root, 'manifests', 'gitops', 'argocd');
const groupDir = join(argocd, 'health', 'orgplane.io');
const kinds = readdirSync(groupDir).sort();

interface HealthCase {
  readonly inputPath: string;
  readonly healthStatus: { readonly status: string; readonly message: string };
}
const casesOf = (kind: string): HealthCase[] =>
  (load(readFileSync(join(groupDir, kind, 'health_test.yaml'), 'utf8')) as { tests: HealthCase[] }).tests;
const objectOf = (kind: string, inputPath: string): KubeObject =>
  load(readFileSync(join(groupDir, kind, inputPath), 'utf8')) as KubeObject;

let lua = '';
beforeAll(() => {
  lua = execFileSync(join(root, 'hack', 'ensure-lua.sh'), { encoding: 'utf8' }).trim();
}, 300_000);

/** Runs the script as Argo CD does: a fresh state, `obj` a global, the chunk's return value the health. */
function health(script: string, obj: KubeObject): { status: unknown; message: unknown } {
  const program = `obj = ${luaLiteral(obj)}
local hs = assert(loadfile(${luaLiteral(script)}))()
io.write(string.format("%s\\n%s", tostring(hs.status), tostring(hs.message)))`;
  const [status, ...message] = execFileSync(lua, ['-'], { input: program, encoding: 'utf8' }).split('\n');
  return { status, message: message.join('\n') };
}

describe('Argo CD health checks of the orgplane kinds', () => {
  it('ship Organization and Agent (and Team), each with tests', () => {
    expect(kinds).toEqual(expect.arrayContaining(['Organization', 'Agent', 'Team']));
    for (const kind of kinds) expect(casesOf(kind).length).toBeGreaterThan(3);
  });

  it.each(kinds)('%s covers Healthy, Progressing, Degraded, Suspended and deletion', (kind) => {
    const statuses = new Set(casesOf(kind).map((c) => c.healthStatus.status));
    const wanted =
      kind === 'Team' ? ['Healthy', 'Progressing'] : ['Healthy', 'Progressing', 'Degraded', 'Suspended'];
    expect([...statuses]).toEqual(expect.arrayContaining(wanted));
    const deleting = casesOf(kind).filter(
      (c) => objectOf(kind, c.inputPath).metadata.deletionTimestamp !== undefined,
    );
    expect(deleting.map((c) => c.healthStatus.status)).toEqual(['Progressing']);
  });

  const cases = kinds.flatMap((kind) =>
    casesOf(kind).map((c): [string, string, HealthCase] => [kind, c.inputPath, c]),
  );
  it.each(cases)('%s %s', (kind, inputPath, c) => {
    const obj = objectOf(kind, inputPath);
    expect([obj.apiVersion, obj.kind]).toEqual(['orgplane.io/v1alpha1', kind]);
    expect(health(join(groupDir, kind, 'health.lua'), obj)).toEqual(c.healthStatus);
  });

  it('every testdata file is listed in health_test.yaml', () => {
    for (const kind of kinds) {
      const listed = casesOf(kind).map((c) => c.inputPath);
      const files = readdirSync(join(groupDir, kind, 'testdata')).map((f) => `testdata/${f}`);
      expect(listed.sort()).toEqual(files.sort());
    }
  });

  it('argocd-cm.yaml embeds exactly the health.lua files under Argo CD’s keys', () => {
    const cm = load(readFileSync(join(argocd, 'argocd-cm.yaml'), 'utf8')) as KubeObject & {
      data: Record<string, string>;
    };
    expect([cm.kind, cm.metadata.name]).toEqual(['ConfigMap', 'argocd-cm']);
    const expected = Object.fromEntries(
      kinds.map((kind) => [
        `resource.customizations.health.orgplane.io_${kind}`,
        readFileSync(join(groupDir, kind, 'health.lua'), 'utf8'),
      ]),
    );
    expect(cm.data).toEqual(expected);
  });
});

describe('the Flux example', () => {
  it('is a kustomize.toolkit.fluxcd.io/v1 Kustomization health-checking the Organization and Agents it applies', () => {
    const k = load(readFileSync(join(root, 'manifests', 'gitops', 'flux', 'kustomization.yaml'), 'utf8')) as {
      apiVersion: string;
      kind: string;
      spec: {
        path: string;
        healthChecks: { apiVersion: string; kind: string; name: string; namespace?: string }[];
      };
    };
    expect([k.apiVersion, k.kind]).toEqual(['kustomize.toolkit.fluxcd.io/v1', 'Kustomization']);
    const dir = join(root, k.spec.path);
    const { resources } = load(readFileSync(join(dir, 'kustomization.yaml'), 'utf8')) as {
      resources: string[];
    };
    const applied = resources
      .flatMap((r) => loadAll(readFileSync(join(dir, r), 'utf8')) as KubeObject[])
      .map((o) => `${o.apiVersion} ${o.kind} ${o.metadata.namespace ?? ''}/${o.metadata.name ?? ''}`);
    const checked = k.spec.healthChecks.map(
      (h) => `${h.apiVersion} ${h.kind} ${h.namespace ?? ''}/${h.name}`,
    );
    expect(new Set(k.spec.healthChecks.map((h) => h.kind))).toEqual(new Set(['Organization', 'Agent']));
    expect(applied).toEqual(expect.arrayContaining(checked));
  });
});
