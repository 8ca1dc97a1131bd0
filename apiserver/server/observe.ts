/**
 * Per-request bookkeeping: an Audit-ID header, the in-flight gauge, request metrics under
 * kube-apiserver's label set, and one structured log line at debug level when the response
 * finishes (`--log-level debug` shows them; the audit trail records every request regardless).
 */
import { randomUUID } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import type winston from 'winston';
import type { AuthzResult } from '../authz/types.js';
import { parseRequestInfo, type RequestInfo, watchParam, requestURL } from '../http/requestinfo.js';
import type { Metrics } from '../observability/metrics.js';

export interface RequestLocals {
  auditID: string;
  user?: string;
  decision?: AuthzResult;
  /** the request URL and its RequestInfo (undefined: not a resource request), parsed once here */
  url: URL;
  info: RequestInfo | undefined;
  /** set when a list/watch is answered filtered to these namespaces (see app.ts readScope) */
  readScope?: ReadonlySet<string>;
}

export function observe(metrics: Metrics, logger: winston.Logger) {
  return (req: Request, resp: Response, next: NextFunction): void => {
    const auditID = randomUUID();
    const locals = resp.locals as RequestLocals;
    locals.auditID = auditID;
    resp.setHeader('Audit-ID', auditID);
    const started = process.hrtime.bigint();
    const url = requestURL(req.originalUrl);
    const info = parseRequestInfo(req.method, url.pathname, watchParam(url.searchParams));
    locals.url = url;
    locals.info = info;
    const verb =
      info?.verb === 'watch' ? 'WATCH' : req.method === 'GET' && info?.verb === 'list' ? 'LIST' : req.method;
    const kind = req.method === 'GET' || req.method === 'HEAD' ? 'readOnly' : 'mutating';
    metrics.inflight.inc({ request_kind: kind });
    let done = false;
    const finish = (): void => {
      if (done) return;
      done = true;
      metrics.inflight.dec({ request_kind: kind });
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const labels = {
        verb,
        dry_run: url.searchParams.get('dryRun') ?? '',
        group: info?.group ?? '',
        version: info?.version ?? '',
        resource: info?.resource ?? '',
        subresource: info?.subresource ?? '',
        scope: info ? (info.name !== '' ? 'resource' : info.namespace !== '' ? 'namespace' : 'cluster') : '',
        component: 'apiserver',
      };
      metrics.duration.observe(labels, seconds);
      metrics.requests.inc({ ...labels, code: String(resp.statusCode) });
      // winston formats a line before its transports drop it by level: ask first (every request)
      if (logger.isDebugEnabled())
        logger.debug('request', {
          auditID,
          verb: verb.toLowerCase(),
          uri: url.pathname,
          code: resp.statusCode,
          seconds: Math.round(seconds * 1e6) / 1e6,
          user: locals.user,
          userAgent: req.headers['user-agent'],
        });
    };
    resp.on('finish', finish);
    resp.on('close', finish);
    next();
  };
}
