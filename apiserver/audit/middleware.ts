/**
 * The audit filter: mounted right after observe (which sets the Audit-ID), it records the request
 * as it arrives, tees bodies only when the policy can ask for them, and emits the stages kube emits:
 * RequestReceived, ResponseStarted (watches, when the stream opens), ResponseComplete or Panic.
 * Emitting hands the record to non-blocking buffers: nothing here waits on a backend.
 */
import { requestURL } from '../http/requestinfo.js';
import { writtenObject } from '../http/respond.js';
import { randomUUID } from 'node:crypto';
import type { ErrorRequestHandler, Request, RequestHandler, Response } from 'express';
import type { AuditStage } from '../../api/auditevent.js';
import type { UserInfo } from '../../api/user.js';
import type { AuthzResult } from '../authz/types.js';
import { isApiError } from '../errors/status.js';
import { toApiError } from '../errors/translate.js';
import { decodeBody, failureOf, objectRefFields, withoutManagedFields } from './bodies.js';
import { captureRequestBody, captureResponseBody } from './capture.js';
import { ANONYMOUS, buildRecord, type RequestFacts, type StageFacts } from './event.js';
import { levelAtLeast, type PolicyChecker, type RequestAuditConfig } from './policy-checker.js';
import { bodyRedactor, type BodyRedactor } from './redact.js';
import { isSecretEndpoint, objectRefOf, redactedURI, requestAttributes, sourceIPs } from './request.js';
import type { AuditRecord } from './types.js';

/** What earlier filters leave in resp.locals (see server/observe.ts and app.ts). */
interface AuditLocals {
  auditID?: string;
  /** the request URL, parsed once by observe() */
  url?: URL;
  userInfo?: UserInfo;
  decision?: AuthzResult;
  /** set by auditPanics(): the message of a handler crash */
  auditPanic?: string;
}

export interface AuditMiddlewareDeps {
  readonly policy: PolicyChecker;
  readonly emit: (record: AuditRecord) => void;
  /** epoch milliseconds with sub-millisecond precision */
  readonly clock?: () => number;
  /** the most bytes of one body kept for the record (default 3 MiB, the request limit) */
  readonly maxBodyBytes?: number;
  readonly onError?: (err: unknown) => void;
}

const STATUS_BYTES = 64 * 1024;
const BODYLESS = new Set(['GET', 'HEAD', 'OPTIONS']);
const preciseNow = (): number => performance.timeOrigin + performance.now();

export function auditRequests(deps: AuditMiddlewareDeps): RequestHandler {
  const clock = deps.clock ?? preciseNow;
  const maxBody = deps.maxBodyBytes ?? 3 * 1024 * 1024;
  return (req: Request, resp: Response, next): void => {
    const locals = resp.locals as AuditLocals;
    const attrs = requestAttributes(req.method, locals.url ?? requestURL(req.originalUrl));
    const upper = deps.policy.maxLevel(attrs);
    if (upper === 'None') {
      next();
      return;
    }
    const secret = isSecretEndpoint(attrs);
    const ua = req.headers['user-agent'];
    const facts: RequestFacts = {
      auditID: locals.auditID ?? randomUUID(),
      requestURI: redactedURI(req.originalUrl),
      verb: attrs.verb,
      objectRef: objectRefOf(attrs),
      sourceIPs: sourceIPs(req),
      userAgent: ua,
      receivedAt: clock(),
    };
    const reqBody =
      !secret && !BODYLESS.has(req.method) && levelAtLeast(upper, 'Request')
        ? captureRequestBody(req, maxBody)
        : undefined;
    let config: RequestAuditConfig | undefined;
    const configNow = (): RequestAuditConfig =>
      (config ??= deps.policy.evaluate(attrs, locals.userInfo ?? ANONYMOUS));
    const stageBase = (stage: AuditStage, at: number, code: number): StageFacts => ({
      stage,
      level: configNow().level,
      at,
      user: locals.userInfo,
      decision: locals.decision,
      code,
    });
    const emitStage = (facts0: StageFacts): void => {
      if (facts0.level === 'None' || configNow().omitStages.includes(facts0.stage)) return;
      try {
        deps.emit(buildRecord(facts, facts0));
      } catch (err) {
        deps.onError?.(err);
      }
    };
    let received = false;
    const emitReceived = (): void => {
      if (received) return;
      received = true;
      emitStage(stageBase('RequestReceived', facts.receivedAt, 0));
    };
    const responseBody = captureResponseBody(resp, {
      onHead(code: number): number {
        emitReceived();
        const level = configNow().level;
        if (level === 'None') return 0;
        if (attrs.verb === 'watch') {
          emitStage(stageBase('ResponseStarted', clock(), code));
          return code >= 400 ? STATUS_BYTES : 0;
        }
        if (!secret && levelAtLeast(level, 'RequestResponse')) return maxBody;
        if (code >= 400) return STATUS_BYTES;
        // a create's responseRef (its uid, a generated name): from the object the handler wrote when
        // it says, else from a copy of the body
        return attrs.verb === 'create' && !secret && writtenObject(resp) === undefined ? maxBody : 0;
      },
    });
    let done = false;
    const finish = (): void => {
      if (done) return;
      done = true;
      try {
        emitReceived();
        const cfg = configNow();
        if (cfg.level === 'None') return;
        emitStage(
          completion(resp, cfg, stageBase, {
            at: clock(),
            secret,
            redact: bodyRedactor(attrs),
            // a body the handler did not read to the end (a denied request) is not recorded
            requestBody: req.readableEnded ? reqBody?.bytes() : undefined,
            requestType: req.headers['content-type'],
            responseBody: responseBody()?.bytes(),
            created: attrs.verb === 'create' ? writtenObject(resp) : undefined,
          }),
        );
      } catch (err) {
        deps.onError?.(err);
      }
    };
    resp.on('finish', finish);
    resp.on('close', finish);
    next();
  };
}

interface Completion {
  readonly at: number;
  readonly secret: boolean;
  readonly redact: BodyRedactor;
  readonly requestBody: Buffer | undefined;
  readonly requestType: string | undefined;
  readonly responseBody: Buffer | undefined;
  /** a create: the object the handler wrote, when it said so */
  readonly created: unknown;
}

/** The ResponseComplete (or Panic) facts: status, failure, bodies as the level allows. */
function completion(
  resp: Response,
  cfg: RequestAuditConfig,
  base: (stage: AuditStage, at: number, code: number) => StageFacts,
  c: Completion,
): StageFacts {
  const panic = (resp.locals as AuditLocals).auditPanic;
  const code = panic !== undefined ? 500 : resp.statusCode;
  const contentType = resp.getHeader('content-type');
  const body = decodeBody(c.responseBody, typeof contentType === 'string' ? contentType : undefined);
  const trim = (v: unknown): unknown => c.redact(cfg.omitManagedFields ? withoutManagedFields(v) : v);
  const facts: StageFacts = {
    ...base(panic !== undefined ? 'Panic' : 'ResponseComplete', c.at, code),
    ...(panic !== undefined
      ? { failure: { reason: 'InternalError', message: `APIServer panic'd: ${panic}` } }
      : code >= 400
        ? { failure: failureOf(body) ?? {} }
        : {}),
  };
  const ref = code < 300 ? objectRefFields(body ?? c.created) : undefined;
  const requestObject = c.secret ? undefined : decodeBody(c.requestBody, c.requestType);
  return {
    ...facts,
    ...(ref ? { responseRef: ref } : {}),
    ...(requestObject !== undefined ? { requestObject: trim(requestObject) } : {}),
    ...(!c.secret && body !== undefined ? { responseObject: trim(body) } : {}),
  };
}

/**
 * Error middleware mounted just before the final error handler: marks a handler crash (an error
 * that is not an ApiError and translates to 500) so the request is audited at stage Panic.
 */
export function auditPanics(): ErrorRequestHandler {
  return (err: unknown, _req, resp, next): void => {
    if (!isApiError(err) && toApiError(err).code === 500)
      (resp.locals as AuditLocals).auditPanic = err instanceof Error ? err.message : String(err);
    next(err);
  };
}
