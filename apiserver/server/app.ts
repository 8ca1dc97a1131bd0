/**
 * The HTTP application: one chain (chain.ts) of bookkeeping, system endpoints, access
 * (access.ts), discovery/OpenAPI/metrics and the resource handler, then the one error middleware
 * that turns every failure into a Status.
 */
import type { RequestListener } from 'node:http';
import express, {
  Router,
  type ErrorRequestHandler,
  type Request,
  type RequestHandler,
  type Response,
} from 'express';
import type winston from 'winston';
import type { UserInfo } from '../../api/user.js';
import type { ConsoleRoutes } from '../console/index.js';
import { isApiError } from '../errors/status.js';
import { toApiError } from '../errors/translate.js';
import { queryOf } from '../http/query.js';
import { sendError } from '../http/respond.js';
import type { Metrics } from '../observability/metrics.js';
import { access, type AccessDeps } from './access.js';
import { chain } from './chain.js';
import { dispatch, resourceNotFound, type DispatchDeps } from './dispatch.js';
import { observe, type RequestLocals } from './observe.js';
import { mountHealth, type HealthChecks } from './health.js';
import type { GracefulShutdown } from './shutdown.js';
import { mountSystem } from './system.js';
import { writeDeadline } from '../http/write-deadline.js';

export interface AppDeps extends DispatchDeps, AccessDeps {
  readonly logger: winston.Logger;
  readonly metrics: Metrics;
  readonly health: HealthChecks;
  /** 429 past a request quota (usage/quota.ts), after authorization; see AccessDeps.usage */
  readonly usage?: AccessDeps['usage'] & { readonly enforce: RequestHandler };
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

/** The resource handler: every request with a RequestInfo that got this far. */
function resources(deps: AppDeps): RequestHandler {
  return async (req: Request, resp: Response) => {
    const locals = resp.locals as RequestLocals & { userInfo: UserInfo };
    const { url, info } = locals;
    if (!info) throw resourceNotFound();
    await dispatch(
      deps,
      { info, user: locals.userInfo, query: queryOf(url), readScope: locals.readScope },
      req,
      resp,
    );
  };
}

/**
 * The application as a request listener. Each request gets what express's app.handle gives it
 * (express's request and response methods and settings through the prototypes, `res.locals`,
 * `req.originalUrl`) and then runs the one chain (chain.ts) and the error handlers after it,
 * without express's router between them: one chain needs no path matching, and the router's state
 * per request (its closures, the members it adds to the request) lived as long as the request.
 * Non-resource routes keep their routers (nonResource). A chain that hands the request on past its
 * last handler answers 404 as a Status.
 */
export function createApp(deps: AppDeps): RequestListener {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.set('query parser', 'simple');
  const metrics: RequestHandler = async (_req, resp) => {
    resp.type(deps.metrics.registry.contentType).send(await deps.metrics.registry.metrics());
  };
  const handlers: (RequestHandler | undefined)[] = [
    deps.console?.rewrite,
    deps.shutdown?.middleware(),
    observe(deps.metrics, deps.logger),
    deps.audit?.middleware,
    nonResource((router) => {
      mountSystem(router);
      mountHealth(router, deps.health);
      deps.mountPublic?.(router);
      deps.console?.mount(router);
    }),
    access(deps),
    deps.usage?.enforce,
    deps.flowControl,
    writeDeadline(),
    nonResource((router) => {
      router.get('/metrics', metrics);
      deps.mountDocs(router);
    }),
    resources(deps),
  ];
  const run = chain(handlers.filter((h) => h !== undefined));
  const fail = failure(deps);
  return (incoming, outgoing) => {
    const req = Object.setPrototypeOf(incoming, app.request) as Request;
    const resp = Object.setPrototypeOf(outgoing, app.response) as Response;
    req.res = resp;
    resp.req = req;
    resp.locals = {};
    req.originalUrl = req.url;
    run(req, resp, (err?: unknown) => {
      fail(err ?? resourceNotFound(), req, resp);
    });
  };
}

/** The error handlers after the chain: audit's panic recorder, then the answer as a Status. */
function failure(deps: AppDeps): (err: unknown, req: Request, resp: Response) => void {
  const answer = (err: unknown, req: Request, resp: Response): void => {
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
  };
  const recordPanics = deps.audit?.recordPanics;
  if (!recordPanics) return answer;
  return (err, req, resp) => {
    try {
      recordPanics(err, req, resp, (e?: unknown) => {
        answer(e ?? err, req, resp);
      });
    } catch (e) {
      answer(e, req, resp);
    }
  };
}
