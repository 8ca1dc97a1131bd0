/**
 * The RBAC authorizer (kube's plugin/pkg/auth/authorizer/rbac): allows when some rule the user
 * holds in the request's namespace allows it; otherwise no opinion (the caller denies), with the
 * resolution errors as reason. Answers from the in-memory index only.
 */
import { GROUP as ORGPLANE_GROUP } from '../../api/group.js';
import type { UserInfo } from '../../api/user.js';
import { ruleAllows } from './policy.js';
import { aggregateErrors, describeSource, type RuleResolver } from './rule-resolver.js';
import { orgChartReader, TEAM_READ_RULE, teamReadAllowed } from './team-access.js';
import type {
  Authorizer,
  AuthzAttributes,
  AuthzResult,
  NonResourceRule,
  ResourceRule,
  RulesResult,
} from './types.js';

/**
 * The namespace a request is authorized in. As kube authorizes `/api/v1/namespaces/foo` in
 * namespace "foo", a request on one Organization (`organizations/acme-corp`, any subresource) is
 * authorized in that organization's namespace, so a RoleBinding there can grant reading it.
 * Requests on Organizations without a name (list, watch, create, deletecollection) are
 * cluster-scoped. Organizations being cluster-scoped, a namespace given with them (kubectl auth
 * can-i sends its current namespace) is ignored.
 */
export function authorizationNamespace(a: AuthzAttributes): string {
  const isOrganization = a.resourceRequest && a.group === ORGPLANE_GROUP && a.resource === 'organizations';
  return isOrganization ? a.name : a.namespace;
}

/** An Authorizer that answers synchronously (from memory). */
export interface RbacAuthorizer extends Authorizer {
  authorize(a: AuthzAttributes): AuthzResult;
  rulesFor(user: UserInfo, namespace: string): RulesResult;
}

export function rbacAuthorizer(resolver: RuleResolver): RbacAuthorizer {
  return {
    authorize(a: AuthzAttributes): AuthzResult {
      const attrs: AuthzAttributes = { ...a, namespace: authorizationNamespace(a) };
      let allowedBy: string | undefined;
      const errors: string[] = [];
      resolver.visitRulesFor(a.user, attrs.namespace, (source, rule, err) => {
        if (err !== undefined) errors.push(err);
        if (source && rule && ruleAllows(attrs, rule)) {
          allowedBy = describeSource(source);
          return false;
        }
        return true;
      });
      if (allowedBy !== undefined) return { decision: 'allow', reason: `RBAC: allowed by ${allowedBy}` };
      if (teamReadAllowed(resolver, attrs))
        return { decision: 'allow', reason: `RBAC: member of organization ${attrs.namespace}` };
      return { decision: 'noOpinion', reason: errors.length > 0 ? `RBAC: ${aggregateErrors(errors)}` : '' };
    },

    rulesFor(user: UserInfo, namespace: string): RulesResult {
      const { rules, errors } = resolver.rulesFor(user, namespace);
      const resourceRules: ResourceRule[] = [];
      const nonResourceRules: NonResourceRule[] = [];
      for (const r of rules) {
        if ((r.resources ?? []).length > 0) {
          resourceRules.push({
            verbs: [...r.verbs],
            apiGroups: [...(r.apiGroups ?? [])],
            resources: [...(r.resources ?? [])],
            ...((r.resourceNames ?? []).length > 0 ? { resourceNames: [...(r.resourceNames ?? [])] } : {}),
          });
        }
        if ((r.nonResourceURLs ?? []).length > 0)
          nonResourceRules.push({ verbs: [...r.verbs], nonResourceURLs: [...(r.nonResourceURLs ?? [])] });
      }
      if (orgChartReader(resolver, user, namespace))
        resourceRules.push({ ...TEAM_READ_RULE, verbs: [...TEAM_READ_RULE.verbs] });
      return {
        resourceRules,
        nonResourceRules,
        incomplete: false,
        ...(errors.length > 0 ? { evaluationError: aggregateErrors(errors) } : {}),
      };
    },
  };
}
