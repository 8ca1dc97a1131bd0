import { describe, expect, it } from '@jest/globals';
import type { KubeObject } from '../../api/meta.js';
import {
  SelectorError,
  customResourceFieldSet,
  eventFieldSet,
  matchesObjectFields,
  namespaceFieldSet,
  objectMetaFieldSet,
  parseFieldSelector,
  type FieldSet,
} from './index.js';

function matches(fs: FieldSet, selector: string, obj: KubeObject): boolean {
  const sel = parseFieldSelector(selector, (f) => fs.supports(f));
  if (sel instanceof SelectorError) throw sel;
  return matchesObjectFields(sel, obj, fs);
}

const event: KubeObject = {
  apiVersion: 'v1',
  kind: 'Event',
  metadata: { name: 'a1.17', namespace: 'ns1' },
  involvedObject: {
    kind: 'Agent',
    name: 'a1',
    namespace: 'ns1',
    uid: 'u1',
    apiVersion: 'orgplane.io/v1alpha1',
  },
  reason: 'Ready',
  type: 'Normal',
  reportingComponent: 'agent-controller',
  source: {},
};

describe('eventFieldSet', () => {
  it('answers the describe query kubectl sends', () => {
    const q =
      'involvedObject.name=a1,involvedObject.namespace=ns1,involvedObject.kind=Agent,involvedObject.uid=u1';
    expect(matches(eventFieldSet, q, event)).toBe(true);
    expect(matches(eventFieldSet, 'involvedObject.uid=u2', event)).toBe(false);
    expect(matches(eventFieldSet, 'reason=Ready,type=Normal,metadata.namespace=ns1', event)).toBe(true);
    expect(matches(eventFieldSet, 'involvedObject.fieldPath=', event)).toBe(true);
  });

  it('reads source from source.component, else reportingComponent', () => {
    expect(matches(eventFieldSet, 'source=agent-controller', event)).toBe(true);
    const withSource = { ...event, source: { component: 'kubelet' } };
    expect(matches(eventFieldSet, 'source=kubelet', withSource)).toBe(true);
  });

  it('rejects fields Events do not have', () => {
    const sel = parseFieldSelector('spec.x=1', (f) => eventFieldSet.supports(f));
    expect(sel).toBeInstanceOf(SelectorError);
    expect((sel as SelectorError).message).toBe('field label not supported: spec.x');
  });
});

describe('namespaceFieldSet and objectMetaFieldSet', () => {
  const ns: KubeObject = {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: { name: 'n1' },
    status: { phase: 'Active' },
  };

  it('serves metadata.name and status.phase for Namespaces', () => {
    expect(matches(namespaceFieldSet, 'status.phase=Active,metadata.name=n1', ns)).toBe(true);
    expect(namespaceFieldSet.supports('metadata.namespace')).toBe(false);
  });

  it('offers metadata.namespace only for namespaced kinds', () => {
    expect(objectMetaFieldSet(true).supports('metadata.namespace')).toBe(true);
    expect(objectMetaFieldSet(false).supports('metadata.namespace')).toBe(false);
    expect(objectMetaFieldSet(false).supports('constructor')).toBe(false);
  });
});

describe('customResourceFieldSet', () => {
  const fs = customResourceFieldSet(true, [
    '.spec.model',
    '.spec.replicas',
    '.spec.suspended',
    '.spec.tools',
    '.spec.toString',
  ]);
  const agent: KubeObject = {
    apiVersion: 'orgplane.io/v1alpha1',
    kind: 'Agent',
    metadata: { name: 'a1', namespace: 'ns1' },
    spec: { model: 'm1', replicas: 3, suspended: false, tools: ['x'] },
  };

  it('selects string, integer and boolean fields by their JSON path', () => {
    expect(matches(fs, 'spec.model=m1,spec.replicas=3,spec.suspended=false', agent)).toBe(true);
    expect(matches(fs, 'metadata.namespace=ns1', agent)).toBe(true);
  });

  it('reads lists, missing fields and inherited properties as empty', () => {
    expect(matches(fs, 'spec.tools=', agent)).toBe(true);
    expect(matches(fs, 'spec.toString=', agent)).toBe(true);
    expect(fs.get(agent, 'spec.toString')).toBeUndefined();
  });
});
