/** The registry with its admission chain, in the order kube runs its plugins. */
import { namespaceLifecycle } from '../admission-plugins/namespace-lifecycle.js';
import { organizationGroup } from '../admission-plugins/group.js';
import { organizationTemplate } from '../admission-plugins/organization-template.js';
import { teamAuthorization } from '../admission-plugins/team-authorization.js';
import { teamDeleteHooks } from '../admission-plugins/team-delete.js';
import { teamTree } from '../admission-plugins/team.js';
import { treeLabelGuard } from '../admission-plugins/tree-labels.js';
import { namespaceStrategy } from '../kinds/namespace.js';
import { quotaAdmission } from '../admission-plugins/quota.js';
import { rbacEscalation } from '../admission-plugins/rbac-escalation.js';
import { AdmissionChain } from '../admission/chain.js';
import type { WatchCache } from '../cache/cacher.js';
import type { AdmissionPlugin } from '../admission/types.js';
import type { Rbac } from '../authz/rbac-runtime.js';
import type { Authorizer } from '../authz/types.js';
import { kindAdmission, kindStrategies } from '../kinds/index.js';
import { rbacStrategies, rbacStrategy } from '../kinds/rbac.js';
import type { ResourceCatalog } from '../registry/catalog.js';
import { GroupCommitter } from '../registry/group-commit.js';
import { InternalStore } from '../registry/internal.js';
import { ObjectCache } from '../registry/objcache.js';
import { Registry } from '../registry/registry.js';
import type { Storage } from '../storage/interface.js';
import { fieldManager, objectValidator } from './services.js';

export interface RegistrySetup {
  readonly storage: Storage;
  /** the registry's internal records, when another part already holds them */
  readonly internal?: InternalStore;
  readonly catalog: ResourceCatalog;
  readonly now: () => Date;
  readonly rbac: Rbac;
  readonly authorizer: Authorizer;
  /** plugins of other parts (authn's credential cleanup), run last */
  readonly extraPlugins: readonly AdmissionPlugin[];
  /** serves reads and watches when given */
  readonly watchCache?: WatchCache;
}

export function buildRegistry(s: RegistrySetup): Registry {
  const { storage, catalog, now } = s;
  const internal = s.internal ?? new InternalStore(storage);
  const escalation = rbacEscalation({ resolver: s.rbac.resolver, authorizer: s.authorizer, roles: internal });
  const strategies = kindStrategies(
    { now, internal, namespaceResource: () => catalog.lookup('', 'v1', 'namespaces') },
    {
      ...rbacStrategies({ ...rbacStrategy, admission: [escalation] }),
      'orgplane.io/teams': teamDeleteHooks({
        storage,
        authorizer: s.authorizer,
        resources: () => catalog.storedResources(),
      }),
    },
  );
  const namespaceResource = (): ReturnType<typeof catalog.lookup> => catalog.lookup('', 'v1', 'namespaces');
  const admission = new AdmissionChain([
    namespaceLifecycle(internal, s.watchCache),
    kindAdmission(strategies),
    organizationTemplate(storage),
    teamTree({ storage, namespaceResource, namespaceHooks: namespaceStrategy, now }),
    teamAuthorization(s.authorizer),
    organizationGroup({ storage, resolver: s.rbac.resolver, authorizer: s.authorizer }),
    treeLabelGuard(),
    quotaAdmission(storage, s.rbac.tenancy.tree),
    ...s.extraPlugins,
  ]);
  return new Registry(
    {
      storage,
      admission,
      catalog,
      validator: objectValidator(strategies),
      fieldManager: fieldManager(now),
      hooks: strategies,
      now,
      // storage answers few lists when the watch cache is on (exact revisions, old continue tokens,
      // its first load): a small cache of decoded objects does, and none outlives its use by much
      cache: new ObjectCache(s.watchCache ? 1_000 : 50_000),
      committer: new GroupCommitter(storage),
      ...(s.watchCache ? { watchCache: s.watchCache } : {}),
    },
    internal,
  );
}
