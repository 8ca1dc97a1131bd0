import { describe, expect, it } from '@jest/globals';
import type { KubeObject } from '../../api/meta.js';
import type { ResourceInfo } from '../../api/resource.js';
import { ResourceCatalog } from '../registry/catalog.js';
import { crdsServed } from './crd-install.js';

const crd = (group: string, plural: string): KubeObject => ({
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  metadata: { name: `${plural}.${group}` },
  spec: { group, names: { plural } },
});

/** A catalog and a way to serve one more kind in it. */
function catalog(): { catalog: ResourceCatalog; serve(group: string, plural: string): void } {
  const c = new ResourceCatalog();
  return {
    catalog: c,
    serve: (group, plural) => {
      c.set(`crd:${plural}.${group}`, [{ group, version: 'v1', plural, kind: plural } as ResourceInfo]);
    },
  };
}

describe('crdsServed', () => {
  it('waits until every shipped kind is served', async () => {
    const c = catalog();
    c.serve('orgplane.io', 'agents');
    setTimeout(() => {
      c.serve('orgplane.io', 'organizations');
    }, 50);
    const started = Date.now();
    const ok = await crdsServed(c, [crd('orgplane.io', 'agents'), crd('orgplane.io', 'organizations')]);
    expect(ok).toBe(true);
    expect(Date.now() - started).toBeGreaterThanOrEqual(40);
  });

  it('gives up after its timeout', async () => {
    expect(await crdsServed(catalog(), [crd('orgplane.io', 'agents')], 30)).toBe(false);
  });
});

describe('ResourceCatalog.onChange', () => {
  it('stops a listener, and one that stops itself does not hide the change from the next', () => {
    const c = catalog();
    const heard: string[] = [];
    const stopFirst = c.catalog.onChange(() => {
      heard.push('first');
      stopFirst();
    });
    c.catalog.onChange(() => heard.push('second'));
    c.serve('orgplane.io', 'agents');
    c.serve('orgplane.io', 'teams');
    expect(heard).toEqual(['first', 'second', 'second']);
  });
});
