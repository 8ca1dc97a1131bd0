import { describe, expect, it } from '@jest/globals';
import { fc, test } from '@fast-check/jest';
import type { KubeObject } from '../../api/meta.js';
import { GcGraph } from './gc-graph.js';

const pods = { group: '', plural: 'pods' };
const sets = { group: 'apps', plural: 'replicasets' };

function object(uid: string, owners: string[] = [], extra: Partial<KubeObject['metadata']> = {}): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: uid,
      namespace: 'ns',
      uid,
      resourceVersion: '7',
      ownerReferences: owners.map((o) => ({ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: o, uid: o })),
      ...extra,
    },
    spec: { big: 'x'.repeat(1000) },
  };
}

describe('GcGraph', () => {
  it('keeps where an object is and its owners, not the object', () => {
    const g = new GcGraph();
    g.observe(pods, object('p1', ['rs1']));
    const node = g.get('p1');
    expect(node).toEqual({
      group: '',
      plural: 'pods',
      namespace: 'ns',
      name: 'p1',
      uid: 'p1',
      resourceVersion: '7',
      owners: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'rs1', uid: 'rs1' }],
      finalizers: [],
      deleting: false,
    });
    expect(JSON.stringify(node)).not.toContain('xxxx');
  });

  it('keeps of an object it never acts on at most that it exists, once seen with a dependent', () => {
    const g = new GcGraph();
    expect(g.observe(sets, object('rs1'))).toEqual([]);
    expect(g.has('rs1')).toBe(false);
    // its owner unknown, a dependent is looked at (the collector reads the owner)
    expect(g.observe(pods, object('p1', ['rs1']))).toEqual(['p1']);
    g.observe(sets, object('rs1'));
    expect(g.has('rs1')).toBe(true);
    expect(g.get('rs1')).toBeUndefined();
    expect(g.observe(pods, object('p1', ['rs1']))).toEqual([]);
    // marked for deletion, it is a node the collector acts on; its mark gone, it is plain again
    g.observe(sets, object('rs1', [], { deletionTimestamp: 't', finalizers: ['foregroundDeletion'] }));
    expect(g.get('rs1')?.deleting).toBe(true);
    g.observe(sets, object('rs1'));
    expect(g.get('rs1')).toBeUndefined();
    expect(g.has('rs1')).toBe(true);
    expect(g.forget('rs1')).toEqual(['p1']);
    expect(g.has('rs1')).toBe(false);
    // an owner it never kept: its deletion still looks at its dependents
    g.observe(pods, object('p2', ['rs2']));
    expect(g.forget('rs2')).toEqual(['p2']);
    // a resync that leaves it undecoded forgets it, and looks at its dependents
    g.observe(sets, object('rs1'));
    expect(g.has('rs1')).toBe(true);
    expect(g.resync(sets, [undefined])).toEqual(['p1']);
    expect(g.has('rs1')).toBe(false);
  });

  it('looks at a dependent whose owner it has not seen, and not once the owner is known', () => {
    const g = new GcGraph();
    expect(g.observe(pods, object('p1', ['rs1']))).toEqual(['p1']);
    g.observe(sets, object('rs1'));
    expect(g.observe(pods, object('p1', ['rs1']))).toEqual([]);
  });

  it('forgetting an owner looks at its dependents; forgetting a dependent looks at a deleting owner', () => {
    const g = new GcGraph();
    g.observe(sets, object('rs1', [], { deletionTimestamp: 't', finalizers: ['foregroundDeletion'] }));
    g.observe(pods, object('p1', ['rs1']));
    g.observe(pods, object('p2', ['rs1']));
    expect(g.dependentsOf('rs1').map((n) => n.uid)).toEqual(['p1', 'p2']);
    expect(g.forget('p1')).toEqual(['rs1']);
    expect(g.dependentsOf('rs1').map((n) => n.uid)).toEqual(['p2']);
    expect(g.forget('rs1')).toEqual(['p2']);
  });

  it('a changed owner list replaces the old one in the dependents index', () => {
    const g = new GcGraph();
    g.observe(sets, object('rs1'));
    g.observe(sets, object('rs2'));
    g.observe(pods, object('p1', ['rs1']));
    g.observe(pods, object('p1', ['rs2']));
    expect(g.dependentsOf('rs1')).toEqual([]);
    expect(g.dependentsOf('rs2').map((n) => n.uid)).toEqual(['p1']);
  });

  it('a resync forgets the objects of that kind the new state no longer holds', () => {
    const g = new GcGraph();
    g.observe(pods, object('p1', ['rs1']));
    g.observe(sets, object('rs1'));
    g.observe(pods, object('p2', [], { finalizers: ['example.com/keep'] }));
    expect(g.resync(sets, [])).toEqual(['p1']);
    expect(g.has('rs1')).toBe(false);
    expect(g.has('p2')).toBe(true);
  });

  it('a gradual resync ends as a resync does, giving the event loop back between slices', async () => {
    const build = (): GcGraph => {
      const g = new GcGraph();
      g.observe(sets, object('rs1'));
      g.observe(pods, object('p1', ['gone']));
      g.observe(sets, object('gone'));
      return g;
    };
    const listed = Array.from({ length: 10 }, (_, i) =>
      object(`rs-${String(i)}`, [], { finalizers: ['example.com/keep'] }),
    );
    const whole = build();
    const expected = whole.resync(sets, [object('rs1'), ...listed]);
    const gradual = build();
    // runs at the first turn the resync gives back: it sees the resync part way through
    let midway = false;
    setImmediate(() => (midway = gradual.has('rs-0') && !gradual.has('rs-9')));
    const look = await gradual.resyncGradually(sets, [object('rs1'), ...listed], 2);
    expect(look).toEqual(expected);
    expect(look).toContain('p1');
    expect(gradual.has('gone')).toBe(false);
    expect(listed.every((o) => gradual.has(o.metadata.uid ?? ''))).toBe(true);
    expect(midway).toBe(true);
  });
});

describe('GcGraph.concerns', () => {
  const text = (o: KubeObject): string => JSON.stringify(o);
  /** an object as stored without owners: no ownerReferences member at all */
  const unowned = (uid: string): KubeObject => {
    const o = object(uid);
    delete o.metadata.ownerReferences;
    return o;
  };

  it('is false only for an unmarked object the graph holds nothing of', () => {
    const g = new GcGraph();
    g.observe(pods, object('p1', ['rs1']));
    expect(g.concerns(text(unowned('a1')))).toBe(false);
    // a dependent names rs1, so an event of rs1 must reach the graph
    expect(g.concerns(text(unowned('rs1')))).toBe(true);
    // owners, finalizers or a deletion mark always concern it
    expect(g.concerns(text(object('a2', ['x'])))).toBe(true);
    expect(g.concerns(text(object('a3', [], { finalizers: ['f'] })))).toBe(true);
    expect(g.concerns(text(object('a4', [], { deletionTimestamp: 't' })))).toBe(true);
    // p1 is a node: losing its owners must reach the graph
    expect(g.concerns(text(unowned('p1')))).toBe(true);
    // a text without a readable uid is decoded
    expect(g.concerns('{"metadata":{"name":"x"}}')).toBe(true);
    expect(g.concerns('{"metadata":{"uid":"a\\"b"}}')).toBe(true);
    expect(g.concerns('{"metadata":{"uid":"a1"},"x":{"uid":"rs1"}}')).toBe(true);
    expect(g.concerns('{"metadata":{"uid":"a1"},"x":{"uid":"rs\\u0031"}}')).toBe(false);
  });

  const uids = ['u1', 'u2', 'u3', 'u4', 'u5', 'u6'];
  const uid = fc.constantFrom(...uids);
  const obj = fc
    .record({
      uid,
      owners: fc.oneof({ weight: 3, arbitrary: fc.constant<string[]>([]) }, fc.array(uid, { maxLength: 2 })),
      finalizers: fc.oneof({ weight: 3, arbitrary: fc.constant(false) }, fc.constant(true)),
      annotation: fc.option(uid, { nil: undefined }),
    })
    .map(({ uid: u, owners, finalizers, annotation }) => {
      const o = object(u, owners, finalizers ? { finalizers: ['f'] } : {});
      if (owners.length === 0) delete o.metadata.ownerReferences;
      // a uid named elsewhere in the text, as an annotation
      if (annotation !== undefined) o.metadata.annotations = { uid: annotation };
      return o;
    });

  test.prop([fc.array(fc.tuple(fc.boolean(), obj), { maxLength: 8 }), obj], { seed: 2611 })(
    'an event it says does not concern the graph changes nothing there',
    (history, o) => {
      const build = (): GcGraph => {
        const g = new GcGraph();
        for (const [deleted, h] of history)
          if (deleted) g.forget(h.metadata.uid ?? '');
          else g.observe(pods, h);
        return g;
      };
      const g = build();
      if (g.concerns(text(o))) return;
      const state = (x: GcGraph): unknown => uids.map((u) => [x.has(u), x.get(u), x.dependentsOf(u)]);
      const before = state(g);
      expect(g.observe(pods, o)).toEqual([]);
      expect(state(g)).toEqual(before);
      const h = build();
      expect(h.forget(o.metadata.uid ?? '')).toEqual([]);
      expect(state(h)).toEqual(before);
    },
  );
});
