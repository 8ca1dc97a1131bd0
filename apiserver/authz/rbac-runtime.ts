/**
 * RBAC for one API server: the index kept current from storage, the organizations' namespace trees
 * Group members and SSO rules (from Namespace, Group and Organization events), the rule resolver over them, the authorizer,
 * and the tenant-scope helpers, built together (start.ts wires this one object).
 */
import type winston from 'winston';
import type { UserInfo } from '../../api/user.js';

import { rbacAuthorizer, type RbacAuthorizer } from './rbac.js';
import { RbacIndex } from './rbac-index.js';
import { syncRbacIndex, type RbacSource } from './rbac-sync.js';
import { GROUPS_PREFIX } from './group-members.js';
import { RuleResolver } from './rule-resolver.js';
import { ORGANIZATIONS_PREFIX } from './sso-index.js';
import { Tenancy } from './tenancy.js';
import { NAMESPACES_PREFIX } from '../registry/keys.js';
import { allowedNamespaces, visibleOrganizations, type NamespaceScope } from './tenant-scope.js';

export interface Rbac {
  readonly index: RbacIndex;
  readonly resolver: RuleResolver;
  readonly tenancy: Tenancy;
  /** the RBAC authorizer alone (union it after mastersAuthorizer) */
  readonly authorizer: RbacAuthorizer;
  /** resolves once every stored RBAC object is in the index */
  readonly ready: Promise<void>;
  /** resolves once the index reflects an RBAC write at `revision` */
  waitFor(revision: number): Promise<void>;
  /** see tenant-scope.ts */
  allowedNamespaces(user: UserInfo, verb: string, group: string, resource: string): NamespaceScope;
  visibleOrganizations(user: UserInfo, verb?: string): NamespaceScope;
  stop(): void;
}

export function startRbac(source: RbacSource, logger: winston.Logger): Rbac {
  const index = new RbacIndex();
  const tenancy = new Tenancy();
  const resolver = new RuleResolver(index, tenancy);
  const sync = syncRbacIndex(source, index, { logger });
  const trees = syncRbacIndex(source, tenancy.tree, { logger, prefix: NAMESPACES_PREFIX });
  const groups = syncRbacIndex(source, tenancy.groups, { logger, prefix: GROUPS_PREFIX });
  const sso = syncRbacIndex(source, tenancy.sso, { logger, prefix: ORGANIZATIONS_PREFIX });
  return {
    index,
    resolver,
    tenancy,
    authorizer: rbacAuthorizer(resolver),
    ready: Promise.all([sync.ready, trees.ready, groups.ready, sso.ready]).then(() => undefined),
    waitFor: (revision) => sync.waitFor(revision),
    allowedNamespaces: (user, verb, group, resource) =>
      allowedNamespaces(resolver, user, verb, group, resource),
    visibleOrganizations: (user, verb) => visibleOrganizations(resolver, user, verb),
    stop: () => {
      sync.stop();
      trees.stop();
      groups.stop();
      sso.stop();
    },
  };
}
