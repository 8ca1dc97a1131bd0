/** The system:masters group may do anything (kube's privileged group authorizer). */
import type { UserInfo } from '../../api/user.js';
import type { Authorizer, AuthzAttributes, AuthzResult, RulesResult } from './types.js';

export const MASTERS_GROUP = 'system:masters';

const isMaster = (u: UserInfo): boolean => u.groups.includes(MASTERS_GROUP);

export const mastersAuthorizer: Authorizer = {
  authorize(a: AuthzAttributes): AuthzResult {
    return isMaster(a.user) ? { decision: 'allow', reason: '' } : { decision: 'noOpinion', reason: '' };
  },
  rulesFor(user: UserInfo): RulesResult {
    if (!isMaster(user)) return { resourceRules: [], nonResourceRules: [], incomplete: false };
    return {
      resourceRules: [{ verbs: ['*'], apiGroups: ['*'], resources: ['*'] }],
      nonResourceRules: [{ verbs: ['*'], nonResourceURLs: ['*'] }],
      incomplete: false,
    };
  },
};

/** Consult authorizers in order; the first decision other than noOpinion wins; rules are unioned. */
export function unionAuthorizer(list: readonly Authorizer[]): Authorizer {
  return {
    async authorize(a: AuthzAttributes): Promise<AuthzResult> {
      const reasons: string[] = [];
      for (const z of list) {
        const r = await z.authorize(a);
        if (r.decision !== 'noOpinion') return r;
        if (r.reason) reasons.push(r.reason);
      }
      return { decision: 'noOpinion', reason: reasons.join('; ') };
    },
    async rulesFor(user, namespace): Promise<RulesResult> {
      const parts = await Promise.all(list.map((z) => Promise.resolve(z.rulesFor(user, namespace))));
      return {
        resourceRules: parts.flatMap((p) => p.resourceRules),
        nonResourceRules: parts.flatMap((p) => p.nonResourceRules),
        incomplete: parts.some((p) => p.incomplete),
      };
    },
  };
}
