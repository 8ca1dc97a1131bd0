/**
 * RBAC for one API server: the index kept current from storage, the rule resolver over it, the
 * authorizer, and the tenant-scope helpers, built together (start.ts wires this one object).
 */
import type winston from 'winston';
import type { UserInfo } from '../../api/user.js';

import { rbacAuthorizer, type RbacAuthorizer } from './rbac.js';
import { RbacIndex } from './rbac-index.js';
import { syncRbacIndex, type RbacSource } from './rbac-sync.js';
import { RuleResolver } from './rule-resolver.js';
import { allowedNamespaces, visibleOrganizations, type NamespaceScope } from './tenant-scope.js';

export interface Rbac {
  readonly index: RbacIndex;
  readonly resolver: RuleResolver;
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
  const resolver = new RuleResolver(index);
  const sync = syncRbacIndex(source, index, { logger });
  return {
    index,
    resolver,
    authorizer: rbacAuthorizer(resolver),
    ready: sync.ready,
    waitFor: (revision) => sync.waitFor(revision),
    allowedNamespaces: (user, verb, group, resource) =>
      allowedNamespaces(resolver, user, verb, group, resource),
    visibleOrganizations: (user, verb) => visibleOrganizations(resolver, user, verb),
    stop: () => {
      sync.stop();
    },
  };
}
