import { describe, expect, it } from '@jest/globals';
import { fc, test } from '@fast-check/jest';
import { foldEvent, objectKey, resumeVersion } from './fold';
import type { KubeObject } from './types';

const obj = (name: string, rv = '1', namespace?: string): KubeObject => ({
  metadata: { name, resourceVersion: rv, ...(namespace ? { namespace } : {}) },
});

describe('foldEvent', () => {
  it('adds, replaces and deletes by namespace/name, keeping the list sorted', () => {
    let items: readonly KubeObject[] = [];
    items = foldEvent(items, { type: 'ADDED', object: obj('b') });
    items = foldEvent(items, { type: 'ADDED', object: obj('a') });
    items = foldEvent(items, { type: 'MODIFIED', object: obj('b', '7') });
    expect(items.map(objectKey)).toEqual(['/a', '/b']);
    expect(items[1]?.metadata.resourceVersion).toBe('7');
    items = foldEvent(items, { type: 'DELETED', object: obj('a') });
    expect(items.map(objectKey)).toEqual(['/b']);
  });

  it('tells objects of the same name in different namespaces apart', () => {
    const items = foldEvent([obj('x', '1', 'n1')], { type: 'ADDED', object: obj('x', '2', 'n2') });
    expect(items).toHaveLength(2);
  });

  it('returns the same array for bookmarks, errors and deletes of unknown objects', () => {
    const items = [obj('a')];
    expect(foldEvent(items, { type: 'BOOKMARK', object: obj('', '9') })).toBe(items);
    expect(foldEvent(items, { type: 'ERROR', object: { kind: 'Status', code: 410 } })).toBe(items);
    expect(foldEvent(items, { type: 'DELETED', object: obj('zz') })).toBe(items);
  });

  it('resumes from the last event resourceVersion, bookmarks included', () => {
    expect(resumeVersion('5', { type: 'BOOKMARK', object: obj('', '9') })).toBe('9');
    expect(resumeVersion('5', { type: 'ERROR', object: { kind: 'Status', code: 410 } })).toBe('5');
  });

  // seeded: the fold agrees with a map of the last ADDED/MODIFIED per name minus DELETED ones
  test.prop(
    [
      fc.array(
        fc.record({
          type: fc.constantFrom('ADDED', 'MODIFIED', 'DELETED' as const),
          name: fc.constantFrom('a', 'b', 'c', 'd'),
          rv: fc.nat(),
        }),
        { maxLength: 40 },
      ),
    ],
    { seed: 1616 },
  )('matches a model map', (events) => {
    let items: readonly KubeObject[] = [];
    const model = new Map<string, string>();
    for (const e of events) {
      items = foldEvent(items, { type: e.type, object: obj(e.name, String(e.rv)) });
      if (e.type === 'DELETED') model.delete(e.name);
      else model.set(e.name, String(e.rv));
    }
    const expected = [...model.entries()].sort(([a], [b]) => (a < b ? -1 : 1));
    expect(items.map((o) => [o.metadata.name, o.metadata.resourceVersion])).toEqual(expected);
  });
});
