/**
 * The HTTP application: system endpoints, authentication, discovery/OpenAPI/metrics, resource
 * routes, and the one error middleware that turns every failure into a Status.
 */
import express, {
  Router,
  type ErrorRequestHandler,
  type Express,
  type NextFunction,
  type Request,
  type RequestHandler,
  type Response,
} from 'express';
import type winston from 'winston';
import type { UserInfo } from '../../api/user.js';
import { requestAttributesOf } from '../authz/attributes.js';
import { forbiddenError } from '../authz/forbidden.js';
import { impersonate } from '../authz/impersonation.js';
import type { Authorizer, AuthzAttributes } from '../authz/types.js';
import type { ConsoleRoutes } from '../console/index.js';
import { isApiError, unauthorized } from '../errors/status.js';
import { toApiError } from '../errors/translate.js';
import { queryOf } from '../http/query.js';
import { sendError } from '../http/respond.js';
import type { Metrics } from '../observability/metrics.js';
import { dispatch, resourceNotFound, type DispatchDeps } from './dispatch.js';
import { observe, type RequestLocals } from './observe.js';
import { mountHealth, type HealthChecks } from './health.js';
import type { GracefulShutdown } from './shutdown.js';
import { mountSystem } from './system.js';
import { writeDeadline } from '../http/write-deadline.js';

/** Who is calling: undefined when the request carries no usable credentials (→ 401). */
export type Authenticator = (req: Request) => Promise<UserInfo | undefined>;

/** The authorization attributes of a request, from the URL and RequestInfo parsed by observe(). */
export function authzAttributes(req: Request, locals: RequestLocals, user: UserInfo): AuthzAttributes {
  return { user, ...requestAttributesOf(req.method, locals.url.pathname, locals.info) };
}

export interface AppDeps extends DispatchDeps {
  readonly logger: winston.Logger;
  readonly metrics: Metrics;
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
  readonly health: HealthChecks;
  /**
   * Request quotas and activity (usage/quota.ts): `observe` once the caller is known (before
   * authorization, so denials count), `enforce` after authorization (429 past a quota)
   */
  readonly usage?: {
    readonly observe: (resp: Response, user: UserInfo, info: RequestLocals['info'], dryRun: boolean) => void;
    readonly enforce: RequestHandler;
  };
  /** API Priority and Fairness: seats, fair queues per organization, 429 past them */
  readonly flowControl?: RequestHandler;
  /** counts in-flight requests and ends them in order at shutdown */
  readonly shutdown?: GracefulShutdown;
  /** the audit trail's request middleware and its panic recorder */
  readonly audit?: { readonly middleware: RequestHandler; readonly recordPanics: ErrorRequestHandler };
  /** unauthenticated routes (login, OIDC discovery), mounted before authentication */
  readonly mountPublic?: (app: Router) => void;
  /** the web console: its /console/api/ rewrite (first of all) and its public routes */
  readonly console?: ConsoleRoutes;
  /** discovery, OpenAPI and other authenticated non-resource routes */
  readonly mountDocs: (app: Router) => void;
}

/**
 * Routes of non-resource paths (version, health, login, console, discovery, metrics) on a router
 * of their own that a resource request (observe() parsed a RequestInfo) skips in one step instead
 * of being matched against each of its routes.
 */
function nonResource(mount: (router: Router) => void): RequestHandler {
  const router = Router();
  mount(router);
  return (req, resp, next) => {
    if ((resp.locals as RequestLocals).info) next();
    else router(req, resp, next);
  };
}

export function createApp(deps: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.set('query parser', 'simple');
  if (deps.console) app.use(deps.console.rewrite);
  if (deps.shutdown) app.use(deps.shutdown.middleware());
  app.use(observe(deps.metrics, deps.logger));
  if (deps.audit) app.use(deps.audit.middleware);
  app.use(
    nonResource((router) => {
      mountSystem(router);
      mountHealth(router, deps.health);
      deps.mountPublic?.(router);
      deps.console?.mount(router);
    }),
  );

  app.use(async (req: Request, resp: Response, next: NextFunction) => {
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
  });
  if (deps.usage) app.use(deps.usage.enforce);
  if (deps.flowControl) app.use(deps.flowControl);
  app.use(writeDeadline());

  app.use(
    nonResource((router) => {
      router.get('/metrics', async (_req, resp) => {
        resp.type(deps.metrics.registry.contentType).send(await deps.metrics.registry.metrics());
      });
      deps.mountDocs(router);
    }),
  );

  app.use(async (req: Request, resp: Response) => {
    const locals = resp.locals as RequestLocals & { userInfo: UserInfo };
    const { url, info } = locals;
    if (!info) throw resourceNotFound();
    await dispatch(
      deps,
      { info, user: locals.userInfo, query: queryOf(url), readScope: locals.readScope },
      req,
      resp,
    );
  });

  if (deps.audit) app.use(deps.audit.recordPanics);
  app.use((err: unknown, req: Request, resp: Response, _next: NextFunction) => {
    // the client went away mid-request (Node's "aborted"): nothing to answer, nothing broken here
    if ((err as { code?: unknown }).code === 'ECONNRESET' && req.socket.destroyed) {
      deps.logger.debug('client closed the connection', { path: req.path });
      return;
    }
    const apiErr = toApiError(err);
    if (!isApiError(err))
      deps.logger.error('internal error', { error: err instanceof Error ? err.stack : String(err) });
    if (resp.headersSent) {
      resp.end();
      return;
    }
    sendError(resp, apiErr);
  });
  return app;
}
