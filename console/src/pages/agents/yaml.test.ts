import { describe, expect, it } from '@jest/globals';
import { load } from 'js-yaml';
import { toYaml } from './yaml';

describe('toYaml', () => {
  const agent = {
    kind: 'Agent',
    metadata: { name: 'bot', managedFields: [{ manager: 'kubectl' }] },
    spec: { model: 'gpt-4o' },
  };
  it('folds managedFields away by default and round-trips the rest', () => {
    const text = toYaml(agent);
    expect(text).not.toContain('managedFields');
    expect(load(text)).toEqual({ kind: 'Agent', metadata: { name: 'bot' }, spec: { model: 'gpt-4o' } });
  });
  it('shows managedFields when asked', () => {
    expect(load(toYaml(agent, true))).toEqual(agent);
  });
  it('dumps objects without metadata as they are', () => {
    expect(toYaml({ a: 1 })).toBe('a: 1\n');
  });
});
