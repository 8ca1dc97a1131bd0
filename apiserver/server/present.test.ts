import { describe, expect, it } from '@jest/globals';
import type { KubeObject } from '../../api/meta.js';
import { agentResource } from '../discovery/testdata.js';
import type { Table } from '../table/types.js';
import { presenter } from './present.js';

const AS_TABLE = 'application/json;as=Table;v=v1;g=meta.k8s.io';

const agent: KubeObject = {
  apiVersion: 'orgplane.io/v1alpha1',
  kind: 'Agent',
  metadata: {
    name: 'a1',
    namespace: 'ns1',
    resourceVersion: '105',
    creationTimestamp: '2024-05-01T11:59:31Z',
  },
  spec: { model: 'm1' },
  status: { phase: 'Ready' },
};

describe('watch tables', () => {
  it('sends one-row tables, column definitions on the first event only', () => {
    const t1 = presenter.watchObject(agentResource, agent, AS_TABLE, {}, true) as Table;
    const t2 = presenter.watchObject(agentResource, agent, AS_TABLE, {}, false) as Table;
    expect(t1.kind).toBe('Table');
    expect(t1.columnDefinitions).toHaveLength(4);
    expect(t1.rows).toHaveLength(1);
    expect(t1.metadata).toEqual({ resourceVersion: '105' });
    expect(t2).not.toHaveProperty('columnDefinitions');
    expect(t2.rows[0]?.cells.slice(0, 3)).toEqual(['a1', 'm1', 'Ready']);
  });

  it('sends the object itself to a JSON watcher', () => {
    expect(presenter.watchObject(agentResource, agent, 'application/json', {}, true)).toBe(agent);
  });

  it('renders a stream as its first event does, keyed by what changes the output', () => {
    const r = presenter.watchRenderer(agentResource, AS_TABLE, {});
    expect(r?.render(agent, true)).toEqual(presenter.watchObject(agentResource, agent, AS_TABLE, {}, true));
    expect(r?.render(agent, false)).toEqual(presenter.watchObject(agentResource, agent, AS_TABLE, {}, false));
    expect(presenter.watchRenderer(agentResource, AS_TABLE, {})?.key).toBe(r?.key);
    const withObject = presenter.watchRenderer(agentResource, AS_TABLE, { includeObject: 'Object' });
    expect(withObject?.key).not.toBe(r?.key);
    expect(presenter.watchRenderer(agentResource, 'application/json', {})).toBeUndefined();
    expect(() => presenter.watchRenderer(agentResource, AS_TABLE, { includeObject: 'All' })).toThrow();
  });
});
