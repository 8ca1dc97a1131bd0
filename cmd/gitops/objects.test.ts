import {
  APPLIED_BY_LABEL,
  APPLY_SET_LABEL,
  applyOrder,
  applySetId,
  displayName,
  pruneCandidates,
  sameObject,
  withApplySet,
  type Obj,
} from './objects.js';

const agent = (name: string, labels: Record<string, string> = {}): Obj => ({
  apiVersion: 'orgplane.io/v1alpha1',
  kind: 'Agent',
  metadata: { name, namespace: 'org', labels },
  spec: { model: 'm' },
});

describe('objects', () => {
  it('orders CRDs, Organizations and Namespaces first, otherwise keeps file order', () => {
    const items: Obj[] = [
      agent('a'),
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'n' } },
      agent('b'),
      { apiVersion: 'orgplane.io/v1alpha1', kind: 'Organization', metadata: { name: 'o' } },
    ];
    expect(applyOrder(items, (o) => o).map(displayName)).toEqual([
      'organization.orgplane.io/o',
      'namespace/n',
      'agent.orgplane.io/a',
      'agent.orgplane.io/b',
    ]);
  });

  it('derives a stable set id from the paths, independent of their order', () => {
    expect(applySetId(['/a', '/b'])).toBe(applySetId(['/b', '/a']));
    expect(applySetId(['/a'])).not.toBe(applySetId(['/b']));
    expect(applySetId(['/a'])).toMatch(/^[0-9a-f]{32}$/);
  });

  it('prunes only members of the same set that are no longer desired', () => {
    const set = applySetId(['/repo']);
    const mine = (n: string): Obj => withApplySet(agent(n), set);
    const live = [
      mine('kept'),
      mine('gone'),
      agent('outsider'),
      withApplySet(agent('other-set'), applySetId(['/elsewhere'])),
      agent('forged', { [APPLY_SET_LABEL]: set }),
    ];
    const out = pruneCandidates(live, [mine('kept')], set);
    expect(out.map(displayName)).toEqual(['agent.orgplane.io/gone']);
    expect((mine('x').metadata as { labels: Record<string, string> }).labels[APPLIED_BY_LABEL]).toBe(
      'orgplane-apply',
    );
  });

  it('compares objects ignoring status and server bookkeeping, not spec', () => {
    const live: Obj = {
      ...agent('a'),
      metadata: {
        name: 'a',
        namespace: 'org',
        labels: {},
        resourceVersion: '7',
        generation: 2,
        managedFields: [{}],
      },
      status: { phase: 'Ready' },
    };
    expect(sameObject(agent('a'), live)).toBe(true);
    expect(sameObject({ ...agent('a'), spec: { model: 'x' } }, live)).toBe(false);
  });
});
