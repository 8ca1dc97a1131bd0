import { describe, expect, it } from '@jest/globals';
import { acceptsJSON, parseAccept } from './media-type.js';
import {
  cachedResponse,
  discoveryContentType,
  discoveryFormat,
  etagOf,
  ifNoneMatchHits,
} from './negotiate.js';
import { compareKubeVersions, sortVersions } from './groups.js';

const KUBECTL_ACCEPT =
  'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,' +
  'application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json';

describe('parseAccept', () => {
  it('orders by q, then concrete before wildcard, then client order; drops q=0 and garbage', () => {
    const ranges = parseAccept(
      '*/*;q=0.5, text/plain;q=0, application/json;as=Table, nonsense, application/yaml',
    );
    expect(ranges.map((r) => `${r.type}/${r.subtype}`)).toEqual([
      'application/json',
      'application/yaml',
      '*/*',
    ]);
    expect(ranges[0]?.params).toEqual({ as: 'Table' });
    expect(ranges[2]?.q).toBe(0.5);
  });

  it('treats a missing header as */*', () => {
    expect(parseAccept(undefined)).toEqual([{ type: '*', subtype: '*', params: {}, q: 1 }]);
    expect(acceptsJSON(undefined)).toBe(true);
  });

  it('acceptsJSON is false for protobuf-only requests', () => {
    expect(acceptsJSON('application/com.github.proto-openapi.spec.v2@v1.0+protobuf')).toBe(false);
    expect(acceptsJSON('application/vnd.kubernetes.protobuf, application/json')).toBe(true);
  });
});

describe('discoveryFormat', () => {
  it('chooses aggregated for kubectl 1.32 and legacy for plain JSON', () => {
    expect(discoveryFormat(KUBECTL_ACCEPT)).toBe('aggregated');
    expect(discoveryFormat('application/json')).toBe('legacy');
    expect(discoveryFormat(undefined)).toBe('legacy');
    expect(
      discoveryFormat(
        'application/json, application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList',
      ),
    ).toBe('legacy');
  });

  it('skips protobuf and unknown versions', () => {
    expect(
      discoveryFormat(
        'application/vnd.kubernetes.protobuf;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,' +
          KUBECTL_ACCEPT,
      ),
    ).toBe('aggregated');
    expect(discoveryFormat('application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList')).toBe(
      'legacy',
    );
  });

  it('maps a format to its content type', () => {
    expect(discoveryContentType('aggregated')).toBe(
      'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList',
    );
    expect(discoveryContentType('legacy')).toBe('application/json');
  });
});

describe('ETag', () => {
  it('is stable for a body and changes with it', () => {
    expect(etagOf('{"a":1}')).toBe(etagOf('{"a":1}'));
    expect(etagOf('{"a":1}')).not.toBe(etagOf('{"a":2}'));
    expect(etagOf('x')).toMatch(/^"[0-9A-F]{128}"$/);
  });

  it('matches If-None-Match lists, weak tags and *', () => {
    const tag = etagOf('x');
    expect(ifNoneMatchHits(undefined, tag)).toBe(false);
    expect(ifNoneMatchHits(`"other", W/${tag}`, tag)).toBe(true);
    expect(ifNoneMatchHits('*', tag)).toBe(true);
    expect(ifNoneMatchHits('"other"', tag)).toBe(false);
  });

  it('cachedResponse answers 200 with body, then 304 without', () => {
    const doc = { kind: 'APIGroupList', groups: [] };
    const first = cachedResponse(doc, 'application/json', undefined);
    expect(first.status).toBe(200);
    expect(first.body).toBe(JSON.stringify(doc));
    expect(first.headers['Content-Type']).toBe('application/json');
    expect(first.headers.Vary).toBe('Accept');
    const etag = first.headers.ETag;
    const second = cachedResponse(doc, 'application/json', etag);
    expect(second.status).toBe(304);
    expect(second.body).toBeUndefined();
    expect(second.headers.ETag).toBe(etag);
  });
});

describe('version priority', () => {
  it('sorts like kube: GA, beta, alpha, then other strings', () => {
    expect(
      sortVersions(['v1alpha1', 'foo10', 'v2', 'v1beta2', 'v1', 'v11alpha2', 'v10beta3', 'foo1']),
    ).toEqual(['v2', 'v1', 'v10beta3', 'v1beta2', 'v11alpha2', 'v1alpha1', 'foo1', 'foo10']);
    expect(compareKubeVersions('v1', 'v1')).toBe(0);
  });
});
