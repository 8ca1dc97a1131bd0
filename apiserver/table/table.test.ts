import { describe, expect, it } from '@jest/globals';
import type { KubeObject } from '../../api/meta.js';
import type { ResourceInfo } from '../../api/resource.js';
import { configMapDefinition } from '../../api/builtin/configmap.js';
import { secretDefinition } from '../../api/builtin/secret.js';
import { resourcesFromCRD } from '../../api/resources.js';
import { agentResource, organizationResource } from '../discovery/testdata.js';
import { toTable } from './table.js';

const NOW = Date.parse('2024-05-01T12:00:00Z');

function agent(name: string, extra: Partial<KubeObject> = {}): KubeObject {
  return {
    apiVersion: 'orgplane.io/v1alpha1',
    kind: 'Agent',
    metadata: {
      name,
      namespace: 'ns1',
      labels: { app: 'demo' },
      resourceVersion: '105',
      creationTimestamp: '2024-05-01T11:59:31Z',
    },
    spec: { model: 'm1' },
    status: { phase: 'Ready' },
    ...extra,
  };
}

describe('toTable', () => {
  it('renders the shape kubectl get reads (KUBECTL-PROTOCOL.md)', () => {
    const table = toTable(agentResource, [agent('a1')], { now: NOW }, { resourceVersion: '110' });
    expect(table.kind).toBe('Table');
    expect(table.apiVersion).toBe('meta.k8s.io/v1');
    expect(table.metadata).toEqual({ resourceVersion: '110' });
    expect(table.columnDefinitions?.map((c) => [c.name, c.type, c.format, c.priority])).toEqual([
      ['Name', 'string', 'name', 0],
      ['Model', 'string', '', 1],
      ['Phase', 'string', '', 0],
      ['Age', 'date', '', 0],
    ]);
    expect(table.columnDefinitions?.[1]?.description).toBe(
      'Custom resource definition column (in JSONPath format): .spec.model',
    );
    expect(table.rows).toEqual([
      {
        cells: ['a1', 'm1', 'Ready', '29s'],
        object: {
          kind: 'PartialObjectMetadata',
          apiVersion: 'meta.k8s.io/v1',
          metadata: agent('a1').metadata,
        },
      },
    ]);
  });

  it('counts the keys of ConfigMaps and Secrets in their Data column, as kubectl does', () => {
    const [configMaps] = resourcesFromCRD(configMapDefinition, { builtin: true });
    const [secrets] = resourcesFromCRD(secretDefinition, { builtin: true });
    if (!configMaps || !secrets) throw new Error('no resources');
    const meta = { name: 'c', namespace: 'ns1', creationTimestamp: '2024-05-01T11:00:00Z' };
    const cm: KubeObject = { apiVersion: 'v1', kind: 'ConfigMap', metadata: meta, data: { a: '1', b: '2' } };
    const both = { ...cm, binaryData: { c: 'AA==' } };
    const empty = { apiVersion: 'v1', kind: 'ConfigMap', metadata: meta };
    const table = toTable(configMaps, [cm, both, empty], { now: NOW });
    expect(table.columnDefinitions?.map((c) => [c.name, c.type])).toEqual([
      ['Name', 'string'],
      ['Data', 'integer'],
      ['Age', 'date'],
    ]);
    expect(table.rows.map((r) => r.cells.slice(1))).toEqual([
      [2, '60m'],
      [3, '60m'],
      [0, '60m'],
    ]);
    const secret = { ...cm, kind: 'Secret', type: 'Opaque', data: { k: 'dg==' } };
    expect(toTable(secrets, [secret], { now: NOW }).rows[0]?.cells).toEqual(['c', 'Opaque', 1, '60m']);
  });

  it('gives a kind without printer columns Name and Age', () => {
    const org: KubeObject = {
      apiVersion: 'orgplane.io/v1alpha1',
      kind: 'Organization',
      metadata: { name: 'acme', creationTimestamp: '2024-04-29T12:00:00Z' },
    };
    const table = toTable(organizationResource, [org], { now: NOW });
    expect(table.columnDefinitions?.map((c) => c.name)).toEqual(['Name', 'Age']);
    expect(table.rows[0]?.cells).toEqual(['acme', '2d']);
  });

  it('uses null for missing values and keeps list paging metadata', () => {
    const bare = agent('a2', { spec: {}, status: {} });
    const table = toTable(
      agentResource,
      [bare],
      { now: NOW },
      { resourceVersion: '7', continue: 'tok', remainingItemCount: 3 },
    );
    expect(table.rows[0]?.cells).toEqual(['a2', null, null, '29s']);
    expect(table.metadata).toEqual({ resourceVersion: '7', continue: 'tok', remainingItemCount: 3 });
    expect(toTable(agentResource, [], { now: NOW }, { continue: '' }).metadata).toEqual({});
  });

  it('honours includeObject and the requested version', () => {
    const obj = agent('a1');
    expect(toTable(agentResource, [obj], { includeObject: 'None', now: NOW }).rows[0]).not.toHaveProperty(
      'object',
    );
    expect(toTable(agentResource, [obj], { includeObject: 'Object', now: NOW }).rows[0]?.object).toBe(obj);
    const beta = toTable(agentResource, [obj], { version: 'v1beta1', now: NOW });
    expect(beta.apiVersion).toBe('meta.k8s.io/v1beta1');
    expect(beta.rows[0]?.object).toMatchObject({ apiVersion: 'meta.k8s.io/v1beta1' });
  });

  it('converts cells to the column type like kube', () => {
    const typed: ResourceInfo = {
      ...agentResource,
      printerColumns: [
        { name: 'Int', type: 'integer', jsonPath: '.spec.n' },
        { name: 'Num', type: 'number', jsonPath: '.spec.n' },
        { name: 'Bool', type: 'boolean', jsonPath: '.spec.b' },
        { name: 'Str', type: 'string', jsonPath: '.spec.n' },
        { name: 'Obj', type: 'string', jsonPath: '.spec.o' },
        { name: 'Big', type: 'string', jsonPath: '.spec.big' },
        { name: 'Wrong', type: 'integer', jsonPath: '.spec.b' },
        { name: 'Date', type: 'date', jsonPath: '.spec.when' },
        { name: 'Bad', type: 'string', jsonPath: '.spec[' },
        { name: 'Ready', type: 'string', jsonPath: '.status.conditions[?(@.type=="Ready")].status' },
        { name: 'Tools', type: 'string', jsonPath: '.spec.tools[*]' },
      ],
    };
    const obj = agent('x', {
      spec: { n: 2.5, b: true, o: { z: 1, a: [1] }, big: 1234567.5, when: 'garbage', tools: ['t1', 't2'] },
      status: { conditions: [{ type: 'Ready', status: 'True' }] },
    });
    expect(toTable(typed, [obj], { now: NOW }).rows[0]?.cells).toEqual([
      'x',
      2,
      2.5,
      true,
      '2.5',
      '{"a":[1],"z":1}',
      '1.2345675e+06',
      null,
      '<invalid>',
      null,
      'True',
      't1',
    ]);
  });

  it('never throws on malformed objects', () => {
    const weird: unknown[] = [null, 42, 'x', [], { metadata: 'nope' }, { metadata: { name: 7 } }];
    const table = toTable(agentResource, weird, { now: NOW });
    expect(table.rows.map((r) => r.cells[0])).toEqual(['', '', '', '', '', '']);
    expect(table.rows[4]?.object).toEqual({
      kind: 'PartialObjectMetadata',
      apiVersion: 'meta.k8s.io/v1',
      metadata: {},
    });
  });
});
