import { describe, expect, it } from '@jest/globals';
import { load } from 'js-yaml';
import { orgplaneCRDs } from '../api/orgplane.js';
import { crdFileName, crdFiles, HEADER, renderCRD } from './crd-files.js';

describe('crd files', () => {
  it('are named <group>_<plural>.yaml', () => {
    expect(crdFiles(orgplaneCRDs).map((f) => f.name)).toEqual([
      'orgplane.io_organizations.yaml',
      'orgplane.io_agents.yaml',
      'orgplane.io_serviceaccounts.yaml',
      'orgplane.io_auditevents.yaml',
      'orgplane.io_teams.yaml',
      'orgplane.io_groups.yaml',
      'orgplane.io_organizationtemplates.yaml',
    ]);
    expect(orgplaneCRDs.map(crdFileName)).toContain('orgplane.io_agents.yaml');
  });

  it('render deterministically, with a header, and load back to the same CRD', () => {
    for (const crd of orgplaneCRDs) {
      const text = renderCRD(crd);
      expect(text.startsWith(HEADER)).toBe(true);
      expect(renderCRD(structuredClone(crd))).toBe(text);
      expect(load(text)).toEqual(crd);
    }
  });
});
