import { describe, expect, it } from '@jest/globals';
import type { KubeObject } from '../../api/meta.js';
import type { ResourceInfo } from '../../api/resource.js';
import type { ResourceCatalog } from '../registry/catalog.js';
import { crdsServed } from './crd-install.js';

const crd = (group: string, plural: string): KubeObject => ({
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  metadata: { name: `${plural}.${group}` },
  spec: { group, names: { plural } },
});

/** A catalog that serves the kinds added to `served`. */
function catalog(served: Set<string>): { catalog: ResourceCatalog } {
  const lookupResource = (group: string, plural: string): ResourceInfo | undefined =>
    served.has(`${plural}.${group}`) ? ({ group, plural } as ResourceInfo) : undefined;
  return { catalog: { lookupResource } as unknown as ResourceCatalog };
}

describe('crdsServed', () => {
  it('waits until every shipped kind is served', async () => {
    const served = new Set<string>(['agents.orgplane.io']);
    setTimeout(() => served.add('organizations.orgplane.io'), 50);
    const started = Date.now();
    const ok = await crdsServed(catalog(served), [
      crd('orgplane.io', 'agents'),
      crd('orgplane.io', 'organizations'),
    ]);
    expect(ok).toBe(true);
    expect(Date.now() - started).toBeGreaterThanOrEqual(40);
  });

  it('gives up after its timeout', async () => {
    expect(await crdsServed(catalog(new Set()), [crd('orgplane.io', 'agents')], 30)).toBe(false);
  });
});
