/**
 * Authorization contract (k8s.io/apiserver authorizer): a request's attributes in, a decision
 * and a reason out. Authorizers are consulted in order; the first allow or deny wins.
 */
import type { UserInfo } from '../../api/user.js';

/** What a request addresses, as kube's RequestInfo gives it (user-independent). */
export interface RequestAttributes {
  readonly resourceRequest: boolean;
  /** get, list, watch, create, update, patch, delete, deletecollection, or an HTTP verb for non-resource paths */
  readonly verb: string;
  readonly group: string;
  readonly version: string;
  readonly resource: string;
  readonly subresource: string;
  readonly namespace: string;
  readonly name: string;
  /** the URL path without the query */
  readonly path: string;
}

export interface AuthzAttributes extends RequestAttributes {
  readonly user: UserInfo;
}

export type Decision = 'allow' | 'deny' | 'noOpinion';

export interface AuthzResult {
  readonly decision: Decision;
  readonly reason: string;
}

export interface ResourceRule {
  verbs: string[];
  apiGroups: string[];
  resources: string[];
  resourceNames?: string[];
}

export interface NonResourceRule {
  verbs: string[];
  nonResourceURLs: string[];
}

export interface RulesResult {
  readonly resourceRules: ResourceRule[];
  readonly nonResourceRules: NonResourceRule[];
  readonly incomplete: boolean;
  readonly evaluationError?: string;
}

export interface Authorizer {
  authorize(a: AuthzAttributes): Promise<AuthzResult> | AuthzResult;
  /** what `user` may do in `namespace` (SelfSubjectRulesReview) */
  rulesFor(user: UserInfo, namespace: string): Promise<RulesResult> | RulesResult;
}
