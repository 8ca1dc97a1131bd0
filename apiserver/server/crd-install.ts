/**
 * Installs the CRDs shipped in crds/ at start: creates the missing ones and updates those whose
 * spec differs, so an upgraded server serves its new schemas. Concurrent API servers converge.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { loadAll } from 'js-yaml';
import { isDeepStrictEqual } from 'node:util';
import type { KubeObject } from '../../api/meta.js';
import type { UserInfo } from '../../api/user.js';
import type { Registry } from '../registry/registry.js';

const SYSTEM: UserInfo = { username: 'system:apiserver', groups: ['system:masters', 'system:authenticated'] };

export async function readCRDFiles(dir: string): Promise<KubeObject[]> {
  const files = (await readdir(dir)).filter((f) => f.endsWith('.yaml') || f.endsWith('.yml')).sort();
  const out: KubeObject[] = [];
  for (const f of files) {
    for (const doc of loadAll(await readFile(join(dir, f), 'utf8'))) {
      const obj = doc as KubeObject | null;
      if (obj?.kind === 'CustomResourceDefinition') out.push(obj);
    }
  }
  return out;
}

export async function installCRDs(registry: Registry, crds: readonly KubeObject[]): Promise<void> {
  const res = registry.catalog.lookup('apiextensions.k8s.io', 'v1', 'customresourcedefinitions');
  if (!res) throw new Error('the CustomResourceDefinition kind is not served');
  const store = registry.store(res);
  const opts = {
    dryRun: false,
    fieldManager: 'orgplane-apiserver',
    fieldValidation: 'Ignore' as const,
    user: SYSTEM,
    subresource: '',
  };
  for (const crd of crds) {
    const name = crd.metadata.name ?? '';
    for (let attempt = 0; attempt < 5; attempt++) {
      const current = await store.get('', name).catch(() => undefined);
      try {
        if (!current) await store.create('', structuredClone(crd), opts);
        else if (!isDeepStrictEqual(current.spec, crd.spec))
          await store.update('', name, { ...current, spec: structuredClone(crd.spec) }, opts);
        break;
      } catch (err) {
        const code = (err as { code?: unknown }).code;
        if (code !== 409 || attempt === 4) throw err;
      }
    }
  }
}

/**
 * Resolves true once the kind of every CRD is served (the CRD watcher has seen it: a server is not
 * ready before it serves the kinds it ships), false after timeoutMs.
 */
export function crdsServed(
  registry: Pick<Registry, 'catalog'>,
  crds: readonly KubeObject[],
  timeoutMs = 30_000,
): Promise<boolean> {
  const { catalog } = registry;
  const kinds = crds.map((crd) => {
    const spec = crd.spec as { group?: string; names?: { plural?: string } } | undefined;
    return { group: spec?.group ?? '', plural: spec?.names?.plural ?? '' };
  });
  const served = (): boolean => kinds.every((k) => catalog.lookupResource(k.group, k.plural) !== undefined);
  if (served()) return Promise.resolve(true);
  return new Promise<boolean>((resolve) => {
    const settle = (ok: boolean): void => {
      clearTimeout(timer);
      stop();
      resolve(ok);
    };
    const timer = setTimeout(() => {
      settle(false);
    }, timeoutMs);
    const stop = catalog.onChange(() => {
      if (served()) settle(true);
    });
  });
}
