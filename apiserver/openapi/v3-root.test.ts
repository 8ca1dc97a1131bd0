import { describe, expect, it } from '@jest/globals';
import { agentResource, allResources } from '../discovery/testdata.js';
import { buildOpenAPIV3Index, openAPIV3Response } from './v3-root.js';

describe('buildOpenAPIV3Index', () => {
  const index = buildOpenAPIV3Index(allResources);

  it('links each group-version under a key without a leading slash', () => {
    expect(Object.keys(index.root.paths)).toEqual([
      'api/v1',
      'apis/authorization.k8s.io/v1',
      'apis/orgplane.io/v1alpha1',
      'apis/rbac.authorization.k8s.io/v1',
    ]);
    const entry = index.entries.get('apis/orgplane.io/v1alpha1');
    expect(entry?.hash).toMatch(/^[0-9A-F]{128}$/);
    expect(index.root.paths['apis/orgplane.io/v1alpha1']).toEqual({
      serverRelativeURL: `/openapi/v3/apis/orgplane.io/v1alpha1?hash=${entry?.hash ?? ''}`,
    });
    expect(JSON.parse(entry?.body ?? '')).toEqual(entry?.document);
  });

  it('changes the hash only of the group-version whose document changed', () => {
    const changed = buildOpenAPIV3Index(
      allResources.map((r) =>
        r === agentResource ? { ...r, shortNames: [], printerColumns: [], schema: undefined } : r,
      ),
    );
    const again = buildOpenAPIV3Index(allResources);
    expect(again.root).toEqual(index.root);
    expect(changed.entries.get('apis/orgplane.io/v1alpha1')?.hash).not.toBe(
      index.entries.get('apis/orgplane.io/v1alpha1')?.hash,
    );
    expect(changed.entries.get('api/v1')?.hash).toBe(index.entries.get('api/v1')?.hash);
  });
});

describe('openAPIV3Response', () => {
  const index = buildOpenAPIV3Index(allResources);
  const entry = index.entries.get('apis/orgplane.io/v1alpha1');
  const hash = entry?.hash ?? '';
  const now = new Date('2024-05-01T00:00:00Z');

  it('serves the document, cacheable for a year when the current hash is named', () => {
    const res = openAPIV3Response(index, 'apis/orgplane.io/v1alpha1', hash, undefined, now);
    expect(res.status).toBe(200);
    expect(res.body).toBe(entry?.body);
    expect(res.headers).toEqual({
      ETag: `"${hash}"`,
      Vary: 'Accept',
      'Cache-Control': 'public, immutable',
      Expires: 'Thu, 01 May 2025 00:00:00 GMT',
      'Content-Type': 'application/json',
    });
    expect(
      openAPIV3Response(index, '/apis/orgplane.io/v1alpha1', undefined, undefined).headers,
    ).not.toHaveProperty('Cache-Control');
  });

  it('redirects a stale hash, answers 304 on a matching ETag and 404 for unknown keys', () => {
    expect(openAPIV3Response(index, 'apis/orgplane.io/v1alpha1', 'OLD', undefined)).toEqual({
      status: 301,
      headers: { Location: `/openapi/v3/apis/orgplane.io/v1alpha1?hash=${hash}` },
      body: undefined,
    });
    expect(openAPIV3Response(index, 'apis/orgplane.io/v1alpha1', undefined, `"${hash}"`).status).toBe(304);
    expect(openAPIV3Response(index, 'apis/nope.io/v1', undefined, undefined).status).toBe(404);
  });
});
