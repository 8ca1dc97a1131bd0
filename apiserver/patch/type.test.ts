import { describe, expect, it } from '@jest/globals';
import { PatchError, applyPatch, parsePatchType, unsupportedPatchType } from './index.js';

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
