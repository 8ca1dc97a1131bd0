/**
 * The organization's namespace (same name): created when missing, adopted (labelled) when it
 * already exists, waited for while a previous one is still terminating. (orgplane's API server
 * creates it, labelled, in the Organization's own create transaction; a plain cluster does not.)
 * Read from the namespace cache; one the cache has not seen yet is read from the server when the
 * create finds it exists.
 */
import type { KubeObject } from '../../api/meta.js';
import type { ApiClient } from '../runtime/client.js';
import { isAlreadyExists } from '../runtime/errors.js';
import type { Listers } from '../runtime/lister.js';
import { NAMESPACES } from '../runtime/resources.js';
import { ORGANIZATION_LABEL } from '../names.js';
import type { EventSink, Organization } from '../types.js';

export type NamespaceState =
  /** how the namespace came to be ours: created now, adopted now, or already there and labelled */
  | { readonly ready: true; readonly how: 'created' | 'adopted' | 'existing' }
  | { readonly ready: false; readonly reason: 'NamespaceTerminating'; readonly message: string };

export interface NamespaceDeps {
  readonly client: ApiClient;
  readonly events: EventSink;
  readonly listers: Listers;
}

/** Creates the namespace; undefined when created, else the one that already exists. */
async function create(client: ApiClient, name: string): Promise<KubeObject | undefined> {
  const created: KubeObject = {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: { name, labels: { [ORGANIZATION_LABEL]: name } },
  };
  try {
    await client.create(NAMESPACES, created);
    return undefined;
  } catch (err) {
    const existing = isAlreadyExists(err) ? await client.get(NAMESPACES, name) : undefined;
    if (!existing) throw err;
    return existing;
  }
}

export async function ensureNamespace(deps: NamespaceDeps, org: Organization): Promise<NamespaceState> {
  const { client, events } = deps;
  const name = org.metadata.name ?? '';
  const ns = deps.listers(NAMESPACES).get(name) ?? (await create(client, name));
  if (!ns) {
    events.event(org, 'Normal', 'NamespaceCreated', `Created namespace ${name}`);
    return { ready: true, how: 'created' };
  }
  if (ns.metadata.deletionTimestamp !== undefined) {
    return {
      ready: false,
      reason: 'NamespaceTerminating',
      message: `namespace ${name} is being deleted; it is created again once gone`,
    };
  }
  if (ns.metadata.labels?.[ORGANIZATION_LABEL] !== name) {
    await client.mergePatch(NAMESPACES, name, undefined, {
      metadata: { resourceVersion: ns.metadata.resourceVersion, labels: { [ORGANIZATION_LABEL]: name } },
    });
    events.event(org, 'Normal', 'NamespaceAdopted', `Adopted existing namespace ${name}`);
    return { ready: true, how: 'adopted' };
  }
  return { ready: true, how: 'existing' };
}
