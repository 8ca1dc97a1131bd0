/**
 * orgplane.io/v1alpha1 Organization: it owns the namespace of its name (requests on it are audited
 * there), so its name is a DNS-1123 label. That namespace (same name) is created in the same transaction as
 * the Organization, so one apply of an Organization followed by its Agents succeeds in one run;
 * an existing namespace is adopted, one that is terminating refuses the Organization (409), and a
 * team's namespace (`<org>-<team>`) is taken (409). A new namespace is the root of the
 * organization's tree: it carries `<org>.tree.orgplane.io/depth: "0"`.
 */
import type { KubeObject } from '../../api/meta.js';
import { ORGANIZATION_LABEL } from '../../api/organization.js';
import { TEAM_LABEL, treeLabel } from '../../api/tree.js';
import type { ResourceInfo } from '../../api/resource.js';
import type { AdmissionPlugin, Attributes } from '../admission/types.js';
import { alreadyExists, ApiError } from '../errors/status.js';
import { objectAbsent, txnCompareOf, txnOpOf, type InternalStore } from '../registry/internal.js';
import { prepareForCreate } from '../registry/strategy.js';
import type { KindStrategy } from '../registry/types.js';
import { namespaceStrategy } from './namespace.js';

export interface OrganizationDeps {
  readonly internal: Pick<InternalStore, 'incarnation'>;
  readonly namespaceResource: () => ResourceInfo | undefined;
  readonly now: () => Date;
}

function terminating(name: string): ApiError {
  return new ApiError(
    409,
    'Conflict',
    `Operation cannot be fulfilled on organizations.orgplane.io "${name}": namespace ${name} is being terminated; try again once it is gone`,
    { name, group: 'orgplane.io', kind: 'organizations' },
  );
}

export function organizationNamespace(deps: OrganizationDeps): AdmissionPlugin {
  return {
    name: 'OrganizationNamespace',
    handles: (a: Attributes) =>
      a.operation === 'CREATE' && a.resource.group === 'orgplane.io' && a.resource.plural === 'organizations',
    async validate(a: Attributes): Promise<void> {
      const nsRes = deps.namespaceResource();
      if (!nsRes) return;
      const existing = await deps.internal.incarnation(nsRes, '', a.name);
      if (existing) {
        if (existing.object.metadata.labels?.[TEAM_LABEL] !== undefined)
          throw alreadyExists({ group: '', resource: 'namespaces' }, a.name);
        if (existing.object.metadata.deletionTimestamp !== undefined) throw terminating(a.name);
        a.txn.compares.push(txnCompareOf(existing.unchanged));
        return;
      }
      const ns: KubeObject = {
        apiVersion: 'v1',
        kind: 'Namespace',
        metadata: { name: a.name, labels: { [ORGANIZATION_LABEL]: a.name, [treeLabel(a.name)]: '0' } },
        spec: {},
      };
      prepareForCreate(nsRes, ns, deps.now());
      namespaceStrategy.prepareForCreate?.(ns);
      a.txn.compares.push(txnCompareOf(objectAbsent(nsRes, '', a.name)));
      a.txn.ops.push(txnOpOf({ resource: nsRes, object: ns }));
    },
  };
}

export function organizationStrategy(deps: OrganizationDeps): KindStrategy {
  return { nameRule: 'label', ownsNamespace: true, admission: [organizationNamespace(deps)] };
}
