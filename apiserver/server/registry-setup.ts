/** The registry with its admission chain, in the order kube runs its plugins. */
import { namespaceLifecycle } from '../admission-plugins/namespace-lifecycle.js';
import { organizationNamespace } from '../admission-plugins/organization-namespace.js';
import { organizationGroup } from '../admission-plugins/group.js';
import { organizationTemplate } from '../admission-plugins/organization-template.js';
import { quotaAdmission } from '../admission-plugins/quota.js';
import { teamAuthorization } from '../admission-plugins/team-authorization.js';
import { teamDeleteHooks } from '../admission-plugins/team-delete.js';
import { teamTree } from '../admission-plugins/team.js';
import { treeLabelGuard } from '../admission-plugins/tree-labels.js';
import { rbacEscalation } from '../admission-plugins/rbac-escalation.js';
import { AdmissionChain } from '../admission/chain.js';
import type { WatchCache } from '../cache/cacher.js';
import type { AdmissionPlugin } from '../admission/types.js';
import type { Rbac } from '../authz/rbac-runtime.js';
import type { Authorizer } from '../authz/types.js';
import { kindHooks } from '../kinds/index.js';
import { namespaceHooks } from '../kinds/namespace.js';
import type { ResourceCatalog } from '../registry/catalog.js';
import { GroupCommitter } from '../registry/group-commit.js';
import { ObjectCache } from '../registry/objcache.js';
import { Registry } from '../registry/registry.js';
import type { Storage } from '../storage/interface.js';
import { fieldManager, objectValidator } from './services.js';

export interface RegistrySetup {
  readonly storage: Storage;
  readonly catalog: ResourceCatalog;
  readonly now: () => Date;
  readonly rbac: Rbac;
  readonly authorizer: Authorizer;
  /** plugins of other parts (authn's credential cleanup, audit's read-only guard), run last */
  readonly extraPlugins: readonly AdmissionPlugin[];
  /** serves reads and watches when given */
  readonly watchCache?: WatchCache;
}

export function buildRegistry(s: RegistrySetup): Registry {
  const { storage, catalog, now } = s;
  const admission = new AdmissionChain([
    namespaceLifecycle(storage, s.watchCache),
    organizationNamespace({
      storage,
      namespaceResource: () => catalog.lookup('', 'v1', 'namespaces'),
      namespaceHooks,
      now,
    }),
    organizationTemplate(storage),
    teamTree({
      storage,
      namespaceResource: () => catalog.lookup('', 'v1', 'namespaces'),
      namespaceHooks,
      now,
    }),
    teamAuthorization(s.authorizer),
    organizationGroup({ storage, resolver: s.rbac.resolver, authorizer: s.authorizer }),
    treeLabelGuard(),
    rbacEscalation({ resolver: s.rbac.resolver, authorizer: s.authorizer, storage }),
    quotaAdmission(storage, s.rbac.tenancy.tree),
    ...s.extraPlugins,
  ]);
  return new Registry({
    storage,
    admission,
    catalog,
    validator: objectValidator(),
    fieldManager: fieldManager(now),
    hooks: kindHooks(now, {
      'orgplane.io/teams': teamDeleteHooks({
        storage,
        authorizer: s.authorizer,
        resources: () => catalog.storedResources(),
      }),
    }),
    now,
    cache: new ObjectCache(),
    committer: new GroupCommitter(storage),
    ...(s.watchCache ? { watchCache: s.watchCache } : {}),
  });
}
