import { describe, expect, it } from '@jest/globals';
import type { ResourceInfo } from '../../api/resource.js';
import { ApiError } from '../errors/status.js';
import { createFieldManager } from './adapter.js';
import { agent, NOW, SCHEMA } from './testdata.js';

const res: ResourceInfo = {
  group: 'orgplane.io',
  version: 'v1alpha1',
  kind: 'Agent',
  listKind: 'AgentList',
  plural: 'agents',
  singular: 'agent',
  shortNames: [],
  categories: [],
  namespaced: true,
  verbs: [],
  statusSubresource: true,
  printerColumns: [],
  schema: SCHEMA,
  builtin: false,
  strategicMergePatch: false,
  virtual: false,
};

describe('createFieldManager', () => {
  const fm = createFieldManager(() => NOW);

  it('records updates and applies with the kind schema and version', () => {
    const created = fm.update({
      res,
      oldObj: undefined,
      newObj: agent({ model: 'm' }),
      manager: 'ctl',
      subresource: '',
    });
    expect(created.metadata.managedFields?.[0]).toMatchObject({
      manager: 'ctl',
      apiVersion: 'orgplane.io/v1alpha1',
    });
    const applied = fm.apply({
      res,
      live: created,
      applied: agent({ model: 'm' }),
      manager: 'k',
      force: false,
      subresource: '',
    });
    expect(applied.metadata.managedFields?.map((e) => e.manager)).toEqual(['k', 'ctl']);
  });

  it('throws the 409 conflict as an ApiError', () => {
    const created = fm.update({
      res,
      oldObj: undefined,
      newObj: agent({ model: 'm' }),
      manager: 'ctl',
      subresource: '',
    });
    let caught: unknown;
    try {
      fm.apply({
        res,
        live: created,
        applied: agent({ model: 'x' }),
        manager: 'k',
        force: false,
        subresource: '',
      });
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(ApiError);
    expect((caught as ApiError).status).toMatchObject({ code: 409, reason: 'Conflict' });
  });
});
