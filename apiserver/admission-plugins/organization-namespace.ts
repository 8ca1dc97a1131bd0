/**
 * An Organization's namespace (same name) is created in the same storage transaction as the
 * Organization, so one apply of an Organization followed by its Agents succeeds in one run.
 * An existing namespace is adopted; one that is terminating refuses the Organization, and a team's
 * namespace (`<org>-<team>`) is taken (409). A new namespace is the root of the organization's
 * tree: it carries `<org>.tree.orgplane.io/depth: "0"`.
 */
import type { KubeObject } from '../../api/meta.js';
import { ApiError } from '../errors/status.js';
import { decode, encode } from '../storage/codec.js';
import { namespaceKey } from '../registry/keys.js';
import { prepareForCreate } from '../registry/strategy.js';
import type { ResourceInfo } from '../../api/resource.js';
import type { Storage } from '../storage/interface.js';
import type { KindHooks } from '../registry/types.js';
import type { AdmissionPlugin, Attributes } from '../admission/types.js';
import { ORGANIZATION_LABEL, TEAM_LABEL, treeLabel } from '../../api/tree.js';
import { alreadyExists } from '../errors/status.js';

export { ORGANIZATION_LABEL };

export interface OrganizationNamespaceDeps {
  readonly storage: Storage;
  readonly namespaceResource: () => ResourceInfo | undefined;
  readonly namespaceHooks: KindHooks;
  readonly now: () => Date;
}

export function organizationNamespace(deps: OrganizationNamespaceDeps): AdmissionPlugin {
  return {
    name: 'OrganizationNamespace',
    handles: (a: Attributes) =>
      a.operation === 'CREATE' && a.resource.group === 'orgplane.io' && a.resource.plural === 'organizations',
    async validate(a: Attributes): Promise<void> {
      const key = namespaceKey(a.name);
      const kv = await deps.storage.get(key);
      if (kv) {
        const existing = decode(kv);
        if (existing.metadata.labels?.[TEAM_LABEL] !== undefined)
          throw alreadyExists({ group: '', resource: 'namespaces' }, a.name);
        if (existing.metadata.deletionTimestamp !== undefined)
          throw new ApiError(
            409,
            'Conflict',
            `Operation cannot be fulfilled on organizations.orgplane.io "${a.name}": namespace ${a.name} is being terminated; try again once it is gone`,
            { name: a.name, group: 'orgplane.io', kind: 'organizations' },
          );
        a.txn.compares.push({ key, target: 'modRevision', op: '=', value: kv.modRevision });
        return;
      }
      const nsRes = deps.namespaceResource();
      if (!nsRes) return;
      const ns: KubeObject = {
        apiVersion: 'v1',
        kind: 'Namespace',
        metadata: { name: a.name, labels: { [ORGANIZATION_LABEL]: a.name, [treeLabel(a.name)]: '0' } },
        spec: {},
      };
      prepareForCreate(nsRes, ns, deps.now());
      deps.namespaceHooks.prepareForCreate?.(ns);
      a.txn.compares.push({ key, target: 'createRevision', op: '=', value: 0 });
      a.txn.ops.push({ type: 'put', key, value: encode(ns) });
    },
  };
}
