import { describe, expect, it } from '@jest/globals';
import {
  PatchError,
  applyConfiguration,
  applyPatch,
  parsePatchType,
  patchObject,
  patchTypeFor,
  unsupportedPatchType,
} from './index.js';

describe('parsePatchType', () => {
  it.each([
    ['application/json-patch+json', 'json'],
    ['application/merge-patch+json', 'merge'],
    ['application/merge-patch+json; charset=utf-8', 'merge'],
    ['Application/Strategic-Merge-Patch+JSON', 'strategic'],
    ['application/apply-patch+yaml', 'apply'],
    ['application/json', undefined],
    ['application/apply-patch+cbor', undefined],
    ['', undefined],
    [undefined, undefined],
  ])('%j → %j', (contentType, expected) => {
    expect(parsePatchType(contentType)).toBe(expected);
  });
});

describe('unsupportedPatchType', () => {
  it('answers 415 with kube’s message', () => {
    const err = unsupportedPatchType(['json', 'merge', 'apply']);
    expect(err.code).toBe(415);
    expect(err.reason).toBe('UnsupportedMediaType');
    expect(err.message).toBe(
      'the body of the request was in an unknown format - accepted media types include: ' +
        'application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml',
    );
  });
});

describe('patchTypeFor', () => {
  it('accepts strategic merge patch only where the resource allows it', () => {
    expect(patchTypeFor('application/strategic-merge-patch+json', true)).toBe('strategic');
    expect(() => patchTypeFor('application/strategic-merge-patch+json', false)).toThrow(PatchError);
  });

  it('answers 415 naming the refused Content-Type as the cause', () => {
    let caught: unknown;
    try {
      patchTypeFor('application/apply-patch+cbor', false);
    } catch (err) {
      caught = err;
    }
    expect((caught as PatchError).status).toMatchObject({
      code: 415,
      reason: 'UnsupportedMediaType',
      message:
        'the body of the request was in an unknown format - accepted media types include: ' +
        'application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml',
      details: { causes: [{ reason: 'UnexpectedServerResponse', message: 'application/apply-patch+cbor' }] },
    });
  });
});

describe('patchObject and applyConfiguration', () => {
  const ns = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'n' } };

  it('refuses a result whose metadata is not an object', () => {
    expect(() => patchObject('merge', ns, { metadata: 'x' })).toThrow(
      new PatchError(400, 'metadata must be an object'),
    );
  });

  it('shapes an apply configuration, apiVersion and kind empty when absent', () => {
    expect(applyConfiguration({ metadata: { name: 'n' } })).toEqual({
      apiVersion: '',
      kind: '',
      metadata: { name: 'n' },
    });
    expect(() => applyConfiguration([])).toThrow(
      new PatchError(400, 'an apply configuration must be a JSON object'),
    );
  });
});

describe('applyPatch', () => {
  const ns = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'n', labels: { a: '1' } } };

  it('dispatches on the patch type', () => {
    expect(applyPatch('merge', ns, { metadata: { labels: { a: null } } })['metadata']).toEqual({
      name: 'n',
      labels: {},
    });
    expect(
      applyPatch('json', ns, [{ op: 'add', path: '/metadata/labels/b', value: '2' }])['metadata'],
    ).toEqual({
      name: 'n',
      labels: { a: '1', b: '2' },
    });
    expect(
      applyPatch('strategic', ns, { metadata: { labels: { $patch: 'replace', c: '3' } } })['metadata'],
    ).toEqual({
      name: 'n',
      labels: { c: '3' },
    });
  });

  it('rejects a merge patch that is not an object with 400 Invalid JSON Patch', () => {
    for (const patch of [null, [], 'x', 1]) {
      expect(() => applyPatch('merge', ns, patch)).toThrow(new PatchError(400, 'Invalid JSON Patch'));
    }
  });

  it('rejects a result that is not a JSON object', () => {
    let caught: unknown;
    try {
      applyPatch('json', ns, [{ op: 'replace', path: '', value: [1] }]);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(PatchError);
    expect((caught as PatchError).code).toBe(422);
  });
});
