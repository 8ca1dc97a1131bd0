/**
 * Every sample manifest under manifests/ is valid against the schemas in api/ (unknown fields
 * included), files follow the samples naming, bundles apply in one run, and crds/ round-trips to
 * the CRDs built here.
 */
import { describe, expect, it } from '@jest/globals';
import { Ajv, type ValidateFunction } from 'ajv';
import { loadAll } from 'js-yaml';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { builtinDefinitions } from './builtin/index.js';
import type { CustomResourceDefinition, JSONSchemaProps } from './crd.js';
import type { KubeObject } from './meta.js';
import { orgplaneCRDs } from './orgplane.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const manifestsDir = join(root, 'manifests');
const DNS1123 = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

const ajv = new Ajv({ allErrors: true, strict: true });
for (const kw of [
  'x-kubernetes-preserve-unknown-fields',
  'x-kubernetes-embedded-resource',
  'x-kubernetes-int-or-string',
  'x-kubernetes-list-type',
  'x-kubernetes-list-map-keys',
  'x-kubernetes-map-type',
]) {
  ajv.addKeyword(kw);
}
ajv.addFormat('int32', {
  type: 'number',
  validate: (n: number) => Number.isInteger(n) && Math.abs(n) < 2 ** 31,
});
ajv.addFormat('int64', { type: 'number', validate: (n: number) => Number.isSafeInteger(n) });
ajv.addFormat('date-time', /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/i);
ajv.addFormat('email', /^[^\s@]+@[^\s@]+\.[^\s@]+$/);

/** The schema with unknown fields refused (fieldValidation=Strict), except where unknown fields are kept. */
function closed(s: JSONSchemaProps): JSONSchemaProps {
  const out: JSONSchemaProps = { ...s };
  if (s.properties) {
    out.properties = Object.fromEntries(Object.entries(s.properties).map(([k, v]) => [k, closed(v)]));
    if (!s['x-kubernetes-preserve-unknown-fields']) out.additionalProperties = false;
  }
  if (typeof s.additionalProperties === 'object') out.additionalProperties = closed(s.additionalProperties);
  if (s.items) out.items = closed(s.items);
  return out;
}

const definitions = [...orgplaneCRDs, ...builtinDefinitions];
const validators = new Map<string, { crd: CustomResourceDefinition; validate: ValidateFunction }>();
for (const crd of definitions) {
  for (const v of crd.spec.versions) {
    const apiVersion = crd.spec.group === '' ? v.name : `${crd.spec.group}/${v.name}`;
    const schema = v.schema?.openAPIV3Schema ?? {};
    validators.set(`${apiVersion}/${crd.spec.names.kind}`, { crd, validate: ajv.compile(closed(schema)) });
  }
}

/** Schema and metadata errors of one object; [] when valid. */
function problems(obj: KubeObject): string[] {
  const entry = validators.get(`${obj.apiVersion}/${obj.kind}`);
  if (!entry) return [`unknown kind ${obj.apiVersion}/${obj.kind}`];
  const errs: string[] = [];
  if (!entry.validate(obj)) {
    errs.push(
      ...(entry.validate.errors ?? []).map(
        (e) => `${e.instancePath || '/'} ${e.message ?? ''} ${JSON.stringify(e.params)}`,
      ),
    );
  }
  if (!DNS1123.test(obj.metadata.name ?? '')) errs.push(`bad name ${String(obj.metadata.name)}`);
  const namespaced = entry.crd.spec.scope === 'Namespaced';
  if (namespaced !== (obj.metadata.namespace !== undefined))
    errs.push(`namespace does not fit scope ${entry.crd.spec.scope}`);
  return errs;
}

function yamlFiles(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) return yamlFiles(p);
      if (name === 'health_test.yaml') return []; // Argo CD's test list, not an object
      return name.endsWith('.yaml') || name.endsWith('.yml') ? [p] : [];
    });
}

const load = (file: string): KubeObject[] =>
  loadAll(readFileSync(file, 'utf8')).filter((d) => d !== null && d !== undefined) as KubeObject[];
const isKustomization = (o: KubeObject): boolean => o.apiVersion.startsWith('kustomize.config.k8s.io/');

describe('sample manifests', () => {
  const files = yamlFiles(manifestsDir);

  it('exist for every orgplane kind a user writes, every bootstrap role, an onboarding bundle and kustomize', () => {
    const objects = files.flatMap(load).filter((o) => !isKustomization(o));
    const kinds = new Set(objects.map((o) => o.kind));
    for (const k of ['Organization', 'Agent', 'ServiceAccount', 'RoleBinding', 'ClusterRoleBinding'])
      expect(kinds).toContain(k);
    const roles = new Set(objects.map((o) => (o.roleRef as { name?: string } | undefined)?.name));
    for (const r of ['org-admin', 'developer', 'deployer', 'viewer', 'cluster-admin'])
      expect(roles).toContain(r);
    expect(files.map((f) => relative(manifestsDir, f))).toEqual(
      expect.arrayContaining(['onboarding/bundle.yaml', 'kustomize/kustomization.yaml']),
    );
  });

  const objectFiles = files.filter((f) => basename(f) !== 'kustomization.yaml');
  it.each(objectFiles.map((f) => [relative(manifestsDir, f), f]))(
    '%s is valid against the api/ schemas',
    (_, file) => {
      const objects = load(file);
      expect(objects.length).toBeGreaterThan(0);
      for (const obj of objects)
        expect([obj.kind, obj.metadata.name, problems(obj)]).toEqual([obj.kind, obj.metadata.name, []]);
    },
  );

  it('top-level files hold one object each, named <group>_<version>_<kind>[_<name>].yaml', () => {
    const top = files.filter((f) => dirname(f) === manifestsDir);
    const perKind = new Map<string, number>();
    const objects = top.map((f) => {
      const docs = load(f);
      expect([basename(f), docs.length]).toEqual([basename(f), 1]);
      const obj = docs[0] as KubeObject;
      const gv = obj.apiVersion.includes('/') ? obj.apiVersion.replace('/', '_') : `core_${obj.apiVersion}`;
      const prefix = `${gv}_${obj.kind.toLowerCase()}`;
      perKind.set(prefix, (perKind.get(prefix) ?? 0) + 1);
      return { file: basename(f), obj, prefix };
    });
    for (const { file, obj, prefix } of objects) {
      const expected =
        (perKind.get(prefix) ?? 0) > 1 ? `${prefix}_${obj.metadata.name ?? ''}.yaml` : `${prefix}.yaml`;
      expect(file).toBe(expected);
    }
  });

  it('the onboarding bundle applies in one run: Organization first, every namespace created before use', () => {
    const objects = load(join(manifestsDir, 'onboarding', 'bundle.yaml'));
    expect(objects[0]?.kind).toBe('Organization');
    const kinds = new Set(objects.map((o) => o.kind));
    for (const k of ['Agent', 'ServiceAccount', 'RoleBinding']) expect(kinds).toContain(k);
    const created = new Set<string>();
    for (const o of objects) {
      if (o.kind === 'Organization') created.add(o.metadata.name ?? '');
      if (o.metadata.namespace !== undefined) expect(created).toContain(o.metadata.namespace);
    }
  });

  it('the kustomize example lists existing resources, Organization first, in fifo order', () => {
    const dir = join(manifestsDir, 'kustomize');
    const [k] = load(join(dir, 'kustomization.yaml')) as unknown as [
      { resources: string[]; sortOptions?: { order?: string }; namespace?: string },
    ];
    expect(k.sortOptions?.order).toBe('fifo');
    expect(k.namespace).toBeUndefined();
    const objects = k.resources.flatMap((r) => load(join(dir, r)));
    expect(objects[0]?.kind).toBe('Organization');
    const orgs = new Set(objects.filter((o) => o.kind === 'Organization').map((o) => o.metadata.name));
    for (const o of objects)
      if (o.metadata.namespace !== undefined) expect(orgs).toContain(o.metadata.namespace);
  });
});

describe('the schemas reject what kube would', () => {
  const agent = (spec: unknown): KubeObject => ({
    apiVersion: 'orgplane.io/v1alpha1',
    kind: 'Agent',
    metadata: { name: 'broken', namespace: 'acme-corp' },
    spec,
  });

  it('an agent without model and with tools not a list fails on both fields', () => {
    const errs = problems(agent({ description: 'x', tools: 'search' }));
    expect(errs).toHaveLength(2);
    expect(errs.join('\n')).toMatch(/missingProperty":"model"/);
    expect(errs.join('\n')).toMatch(/\/spec\/tools must be array/);
  });

  it('unknown fields, negative quotas, unknown providers and bad phases fail', () => {
    expect(problems(agent({ model: 'gpt-4', colour: 'red' })).join()).toMatch(/additionalProperty":"colour"/);
    const org = (spec: unknown, status?: unknown): KubeObject => ({
      apiVersion: 'orgplane.io/v1alpha1',
      kind: 'Organization',
      metadata: { name: 'o' },
      spec,
      ...(status ? { status } : {}),
    });
    expect(problems(org({ quota: { agents: 10 } }))).toEqual([]);
    expect(problems(org({ quota: { agents: -1 } })).join()).toMatch(/\/spec\/quota\/agents must be >= 0/);
    expect(problems(org({ billing: { providers: ['paypal'] } })).join()).toMatch(
      /providers\/0 must be equal to one of/,
    );
    expect(problems(org({}, { phase: 'Gone' })).join()).toMatch(/\/status\/phase/);
  });

  it('audit events keep request and response bodies as sent', () => {
    const ev: KubeObject = {
      apiVersion: 'orgplane.io/v1alpha1',
      kind: 'AuditEvent',
      metadata: { name: 'e1', namespace: 'acme-corp' },
      level: 'RequestResponse',
      auditID: 'a1',
      stage: 'ResponseComplete',
      requestURI: '/apis/orgplane.io/v1alpha1/namespaces/acme-corp/agents',
      verb: 'create',
      user: { username: 'bob', groups: ['system:authenticated'], extra: { k: ['v'] } },
      objectRef: { resource: 'agents', namespace: 'acme-corp', name: 'a', apiGroup: 'orgplane.io' },
      responseStatus: { code: 403, metadata: {}, details: { kind: 'agents' } },
      requestObject: { any: { nested: ['thing'] } },
      requestReceivedTimestamp: '2024-01-01T00:00:00.123456Z',
      annotations: { 'authorization.k8s.io/decision': 'forbid' },
    };
    expect(problems(ev)).toEqual([]);
    expect(problems({ ...ev, stage: 'Later' }).join()).toMatch(/\/stage/);
  });
});

describe('crds/', () => {
  const crdsDir = join(root, 'crds');

  it('holds exactly one file per orgplane kind', () => {
    const expected = orgplaneCRDs.map((c) => `${c.spec.group}_${c.spec.names.plural}.yaml`).sort();
    expect(readdirSync(crdsDir).sort()).toEqual(expected);
  });

  it.each(orgplaneCRDs.map((c) => [c.metadata.name ?? '', c] as const))(
    '%s round-trips to the CRD built in api/',
    (_, crd) => {
      const docs = load(join(crdsDir, `${crd.spec.group}_${crd.spec.names.plural}.yaml`));
      expect(docs).toEqual([crd]);
      expect(problems(docs[0] as KubeObject)).toEqual([]);
    },
  );
});
