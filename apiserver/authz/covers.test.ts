import { describe, expect, it } from '@jest/globals';
import type { PolicyRule } from '../../api/builtin/rbac.js';
import { breakdownRule, compactRules, compactString, covers, ruleCovers } from './covers.js';

const r = (
  apiGroups: string[],
  resources: string[],
  verbs: string[],
  resourceNames?: string[],
): PolicyRule => ({
  apiGroups,
  resources,
  verbs,
  ...(resourceNames ? { resourceNames } : {}),
});

describe('breakdownRule', () => {
  it('splits into one subrule per group, resource, verb and name', () => {
    expect(breakdownRule(r(['a'], ['x', 'y'], ['get', 'list'], ['n1']))).toHaveLength(4);
    expect(breakdownRule({ verbs: ['get', 'post'], nonResourceURLs: ['/a', '/b'] })).toHaveLength(4);
    expect(breakdownRule(r(['a'], ['x'], ['get']))).toEqual([r(['a'], ['x'], ['get'])]);
  });
});

describe('ruleCovers', () => {
  it.each<[string, PolicyRule, PolicyRule, boolean]>([
    ['identical', r(['a'], ['x'], ['get']), r(['a'], ['x'], ['get']), true],
    ['wildcards', r(['*'], ['*'], ['*']), r(['a'], ['x/status'], ['update'], ['n']), true],
    ['other verb', r(['a'], ['x'], ['get']), r(['a'], ['x'], ['list']), false],
    ['*/status covers x/status', r(['a'], ['*/status'], ['get']), r(['a'], ['x/status'], ['get']), true],
    ['x does not cover x/status', r(['a'], ['x'], ['get']), r(['a'], ['x/status'], ['get']), false],
    ['names owner ⊇ sub', r(['a'], ['x'], ['get'], ['n1', 'n2']), r(['a'], ['x'], ['get'], ['n1']), true],
    ['names owner limited, sub unlimited', r(['a'], ['x'], ['get'], ['n1']), r(['a'], ['x'], ['get']), false],
    ['names owner unlimited', r(['a'], ['x'], ['get']), r(['a'], ['x'], ['get'], ['n1']), true],
    [
      'url prefix',
      { verbs: ['get'], nonResourceURLs: ['/apis/*'] },
      { verbs: ['get'], nonResourceURLs: ['/apis/x'] },
      true,
    ],
    [
      'url other',
      { verbs: ['get'], nonResourceURLs: ['/api'] },
      { verbs: ['get'], nonResourceURLs: ['/apis'] },
      false,
    ],
    ['url rule vs resource', { verbs: ['*'], nonResourceURLs: ['*'] }, r(['a'], ['x'], ['get']), false],
  ])('%s', (_n, owner, sub, expected) => {
    expect(ruleCovers(owner, sub)).toBe(expected);
  });
});

describe('covers', () => {
  it('reports the uncovered subrules', () => {
    const owner = [r(['a'], ['x'], ['get', 'list'])];
    const { covered, missing } = covers(owner, [
      r(['a'], ['x'], ['get', 'delete']),
      r(['b'], ['y'], ['get']),
    ]);
    expect(covered).toBe(false);
    expect(missing).toEqual([r(['a'], ['x'], ['delete']), r(['b'], ['y'], ['get'])]);
  });

  it('is satisfied by several owner rules together', () => {
    const owner = [r(['a'], ['x'], ['get']), r(['a'], ['x'], ['list'])];
    expect(covers(owner, [r(['a'], ['x'], ['get', 'list'])]).covered).toBe(true);
  });
});

describe('compaction and wording', () => {
  it('merges verbs of simple rules and prints kube CompactString', () => {
    const compact = compactRules([
      r(['a'], ['x'], ['get']),
      r(['a'], ['x'], ['list']),
      r(['a'], ['y'], ['get'], ['n']),
    ]);
    expect(compact.map(compactString)).toEqual([
      '{APIGroups:["a"], Resources:["x"], Verbs:["get" "list"]}',
      '{APIGroups:["a"], Resources:["y"], ResourceNames:["n"], Verbs:["get"]}',
    ]);
    expect(compactString({ verbs: ['*'], nonResourceURLs: ['*'] })).toBe(
      '{NonResourceURLs:["*"], Verbs:["*"]}',
    );
  });
});
