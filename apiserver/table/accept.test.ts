import { describe, expect, it } from '@jest/globals';
import { negotiateOutput, parseIncludeObject } from './accept.js';
import { toPartialObjectMetadata, toPartialObjectMetadataList } from './partial.js';

const KUBECTL_GET =
  'application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json';

describe('negotiateOutput', () => {
  it('recognises kubectl get', () => {
    expect(negotiateOutput(KUBECTL_GET)).toEqual({
      target: { kind: 'Table', version: 'v1' },
      acceptable: true,
    });
  });

  it('falls to v1beta1 Table when v1 is not offered', () => {
    expect(negotiateOutput('application/json;as=Table;v=v1beta1;g=meta.k8s.io').target).toEqual({
      kind: 'Table',
      version: 'v1beta1',
    });
  });

  it('answers plain objects for -o yaml/json and for no header', () => {
    expect(negotiateOutput('application/json').target).toEqual({ kind: 'Object' });
    expect(negotiateOutput(undefined)).toEqual({ target: { kind: 'Object' }, acceptable: true });
    expect(negotiateOutput('application/vnd.kubernetes.protobuf, */*').target).toEqual({ kind: 'Object' });
  });

  it('recognises PartialObjectMetadata(List) as client-go metadata clients send it', () => {
    expect(
      negotiateOutput(
        'application/vnd.kubernetes.protobuf;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1,' +
          'application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1,application/json',
      ).target,
    ).toEqual({ kind: 'PartialObjectMetadataList', version: 'v1' });
    expect(negotiateOutput('application/json;as=PartialObjectMetadata;g=meta.k8s.io;v=v1').target).toEqual({
      kind: 'PartialObjectMetadata',
      version: 'v1',
    });
  });

  it('reports headers with nothing servable', () => {
    expect(negotiateOutput('application/vnd.kubernetes.protobuf').acceptable).toBe(false);
    expect(negotiateOutput('application/json;as=Table;v=v2;g=meta.k8s.io').acceptable).toBe(false);
    expect(negotiateOutput('application/json;as=Foo;v=v1;g=meta.k8s.io').acceptable).toBe(false);
  });
});

describe('parseIncludeObject', () => {
  it('defaults to Metadata and rejects unknown values with kube wording', () => {
    expect(parseIncludeObject(undefined)).toEqual({ policy: 'Metadata' });
    expect(parseIncludeObject('Object')).toEqual({ policy: 'Object' });
    expect(parseIncludeObject('None')).toEqual({ policy: 'None' });
    expect(parseIncludeObject('all')).toEqual({ error: 'unrecognized includeObject value: "all"' });
  });
});

describe('PartialObjectMetadata', () => {
  const obj = {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: { name: 'ns1', labels: { a: 'b' } },
    spec: {},
  };

  it('keeps only the metadata', () => {
    expect(toPartialObjectMetadata(obj)).toEqual({
      kind: 'PartialObjectMetadata',
      apiVersion: 'meta.k8s.io/v1',
      metadata: { name: 'ns1', labels: { a: 'b' } },
    });
    expect(toPartialObjectMetadata(null, 'v1beta1')).toEqual({
      kind: 'PartialObjectMetadata',
      apiVersion: 'meta.k8s.io/v1beta1',
      metadata: {},
    });
  });

  it('converts lists with typed items and list metadata', () => {
    const list = toPartialObjectMetadataList([obj], { resourceVersion: '9', continue: 'c' });
    expect(list.kind).toBe('PartialObjectMetadataList');
    expect(list.metadata).toEqual({ resourceVersion: '9', continue: 'c' });
    expect(list.items[0]?.kind).toBe('PartialObjectMetadata');
    expect(list.items[0]?.metadata.name).toBe('ns1');
  });
});
