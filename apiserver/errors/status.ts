/**
 * ApiError carries a Kubernetes Status. Factories use apimachinery's wording
 * (k8s.io/apimachinery/pkg/api/errors) so clients and users see what kube-apiserver would say.
 */
import type { Status, StatusCause, StatusDetails, StatusReason } from '../../api/meta.js';

export class ApiError extends Error {
  readonly status: Status;
  readonly reason: StatusReason;

  constructor(code: number, reason: StatusReason, message: string, details?: StatusDetails) {
    super(message);
    this.name = 'ApiError';
    this.reason = reason;
    this.status = {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message,
      reason,
      ...(details ? { details } : {}),
      code,
    };
  }

  get code(): number {
    return this.status.code;
  }
}

export function isApiError(err: unknown): err is ApiError {
  return err instanceof ApiError;
}

/** A group+resource as kube names it in messages: "agents.orgplane.io", or "namespaces". */
export interface GroupResource {
  readonly group: string;
  readonly resource: string;
}

export const grString = (gr: GroupResource): string =>
  gr.group === '' ? gr.resource : `${gr.resource}.${gr.group}`;

const named = (gr: GroupResource, name: string): string =>
  name === '' ? grString(gr) : `${grString(gr)} "${name}"`;

export const notFound = (gr: GroupResource, name: string): ApiError =>
  new ApiError(404, 'NotFound', `${named(gr, name)} not found`, {
    name,
    group: gr.group,
    kind: gr.resource,
  });

export const alreadyExists = (gr: GroupResource, name: string): ApiError =>
  new ApiError(409, 'AlreadyExists', `${named(gr, name)} already exists`, {
    name,
    group: gr.group,
    kind: gr.resource,
  });

export const conflict = (gr: GroupResource, name: string, why: string): ApiError =>
  new ApiError(409, 'Conflict', `Operation cannot be fulfilled on ${named(gr, name)}: ${why}`, {
    name,
    group: gr.group,
    kind: gr.resource,
  });

export const MODIFIED =
  'the object has been modified; please apply your changes to the latest version and try again';

/** 422 listing every cause: `Agent.orgplane.io "x" is invalid: [a: ..., b: ...]`. */
export function invalid(
  gk: { group: string; kind: string },
  name: string,
  causes: readonly { field: string; reason: string; message: string; detail: string }[],
): ApiError {
  const gkStr = gk.group === '' ? gk.kind : `${gk.kind}.${gk.group}`;
  const texts = [...new Set(causes.map((c) => c.message))];
  const agg = texts.length === 1 ? (texts[0] ?? '') : `[${texts.join(', ')}]`;
  const statusCauses: StatusCause[] = causes.map((c) => ({
    reason: c.reason,
    message: c.detail,
    field: c.field,
  }));
  return new ApiError(422, 'Invalid', `${gkStr} "${name}" is invalid: ${agg}`, {
    name,
    group: gk.group,
    kind: gk.kind,
    causes: statusCauses,
  });
}

export const forbidden = (gr: GroupResource, name: string, why: string): ApiError =>
  new ApiError(403, 'Forbidden', `${named(gr, name)} is forbidden: ${why}`, {
    name,
    group: gr.group,
    kind: gr.resource,
  });

export const badRequest = (message: string, causes?: StatusCause[]): ApiError =>
  new ApiError(400, 'BadRequest', message, causes ? { causes } : undefined);

export const unauthorized = (message = 'Unauthorized'): ApiError =>
  new ApiError(401, 'Unauthorized', message);

export const expired = (message: string): ApiError => new ApiError(410, 'Expired', message);

export const gone = (message: string): ApiError => new ApiError(410, 'Gone', message);

export const methodNotSupported = (gr: GroupResource, action: string): ApiError =>
  new ApiError(405, 'MethodNotAllowed', `${action} is not supported on resources of kind "${grString(gr)}"`, {
    group: gr.group,
    kind: gr.resource,
  });

export const notAcceptable = (message: string): ApiError => new ApiError(406, 'NotAcceptable', message);

export const unsupportedMediaType = (contentType: string, accepted: readonly string[]): ApiError =>
  new ApiError(
    415,
    'UnsupportedMediaType',
    `the body of the request was in an unknown format - accepted media types include: ${accepted.join(', ')}`,
    contentType ? { causes: [{ reason: 'UnexpectedServerResponse', message: contentType }] } : undefined,
  );

export const tooLarge = (limit: number): ApiError =>
  new ApiError(413, 'RequestEntityTooLarge', `Request entity too large: limit is ${limit}`);

export const tooManyRequests = (message: string, retryAfterSeconds: number): ApiError =>
  new ApiError(429, 'TooManyRequests', message, { retryAfterSeconds });

/** 503, with Retry-After (clients such as client-go retry after it) */
export const serviceUnavailable = (message: string, retryAfterSeconds = 1): ApiError =>
  new ApiError(503, 'ServiceUnavailable', message, { retryAfterSeconds });

export const timeout = (message: string, retryAfterSeconds = 1): ApiError =>
  new ApiError(504, 'Timeout', message, { retryAfterSeconds });

export const internal = (message: string): ApiError =>
  new ApiError(500, 'InternalError', `Internal error occurred: ${message}`, {
    causes: [{ message }],
  });

export function successStatus(details?: StatusDetails): Status {
  return {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Success',
    ...(details ? { details } : {}),
    code: 200,
  };
}
