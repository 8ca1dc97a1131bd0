/**
 * Who is calling and whether it may: authentication (with impersonation), request-quota
 * bookkeeping, then authorization, with the two ways a denial still goes on (admission completes
 * it, or a list/watch is filtered to the namespaces it may see).
 */
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { UserInfo } from '../../api/user.js';
import { requestAttributesOf } from '../authz/attributes.js';
import { forbiddenError } from '../authz/forbidden.js';
import { impersonate } from '../authz/impersonation.js';
import type { Authorizer, AuthzAttributes } from '../authz/types.js';
import { unauthorized } from '../errors/status.js';
import type { RequestLocals } from './observe.js';

/** Who is calling: undefined when the request carries no usable credentials (→ 401). */
export type Authenticator = (req: Request) => Promise<UserInfo | undefined>;

/** The authorization attributes of a request, from the URL and RequestInfo parsed by observe(). */
export function authzAttributes(req: Request, locals: RequestLocals, user: UserInfo): AuthzAttributes {
  return { user, ...requestAttributesOf(req.method, locals.url.pathname, locals.info) };
}

export interface AccessDeps {
  readonly authenticate: Authenticator;
  readonly authorizer: Authorizer;
  /**
   * For a denied list/watch across namespaces: the namespaces (Organizations: names) it may still
   * show, filtered, instead of a 403; undefined keeps the 403.
   */
  readonly readScope?: (attrs: AuthzAttributes) => ReadonlySet<string> | undefined;
  /**
   * For a denied request: true when an admission plugin completes its authorization (it needs the
   * object, e.g. a Team's parent), so the request goes on to the handler.
   */
  readonly admissionAuthorized?: (attrs: AuthzAttributes) => boolean;
  /** request activity (usage/quota.ts), observed once the caller is known, before authorization */
  readonly usage?: {
    readonly observe: (resp: Response, user: UserInfo, info: RequestLocals['info'], dryRun: boolean) => void;
  };
}

/** Who the caller is (authentication, impersonation) and whether it may (authorization). */
export function access(deps: AccessDeps): RequestHandler {
  return async (req: Request, resp: Response, next: NextFunction) => {
    const caller = await deps.authenticate(req);
    if (!caller) throw unauthorized();
    const user = await impersonate(caller, req.headers, deps.authorizer);
    (resp.locals as RequestLocals & { userInfo: UserInfo }).userInfo = user;
    const locals = resp.locals as RequestLocals;
    locals.user = user.username;
    deps.usage?.observe(resp, user, locals.info, locals.url.searchParams.has('dryRun'));
    const attrs = authzAttributes(req, locals, user);
    const decision = await deps.authorizer.authorize(attrs);
    locals.decision = decision;
    if (decision.decision !== 'allow' && deps.admissionAuthorized?.(attrs)) {
      locals.decision = { decision: 'allow', reason: 'RBAC: decided in admission' };
    } else if (decision.decision !== 'allow') {
      const scope = deps.readScope?.(attrs);
      if (!scope) throw forbiddenError(attrs, decision.reason);
      locals.readScope = scope;
      locals.decision = { decision: 'allow', reason: `RBAC: filtered to ${scope.size} namespace(s)` };
    }
    next();
  };
}
