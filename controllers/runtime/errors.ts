/**
 * Errors of the controller runtime: ApiStatusError carries the Kubernetes Status of a failed
 * request; TerminalError tells the controller not to retry (controller-runtime's TerminalError).
 */
import type { Status, StatusReason } from '../../api/meta.js';

export class ApiStatusError extends Error {
  readonly code: number;
  readonly reason: StatusReason | undefined;
  readonly status: Status | undefined;

  constructor(code: number, message: string, status?: Status) {
    super(message);
    this.name = 'ApiStatusError';
    this.code = code;
    this.status = status;
    this.reason = status?.reason;
  }

  /** From an HTTP answer: its Status body when it is one, else the status line. */
  static fromResponse(code: number, body: string): ApiStatusError {
    let status: Status | undefined;
    try {
      const parsed = JSON.parse(body) as Partial<Status> | null;
      if (parsed?.kind === 'Status') status = parsed as Status;
    } catch {
      status = undefined;
    }
    const message = status?.message ?? (body.trim().slice(0, 200) || `HTTP ${code}`);
    return new ApiStatusError(code, message, status);
  }
}

/** A reconcile error that retrying cannot fix: logged, never requeued. */
export class TerminalError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'TerminalError';
  }
}

const codeOf = (err: unknown): number | undefined => (err instanceof ApiStatusError ? err.code : undefined);

export const isNotFound = (err: unknown): boolean => codeOf(err) === 404;
export const isConflict = (err: unknown): boolean =>
  codeOf(err) === 409 && (err as ApiStatusError).reason !== 'AlreadyExists';
export const isAlreadyExists = (err: unknown): boolean =>
  codeOf(err) === 409 && (err as ApiStatusError).reason === 'AlreadyExists';
export const isGone = (err: unknown): boolean => codeOf(err) === 410;

/** Swallow a 404 (the object is already gone), rethrow anything else. */
export function ignoreNotFound(err: unknown): void {
  if (!isNotFound(err)) throw err;
}

/** A 404 about the namespace itself (creating into a namespace that does not exist). */
export function isNamespaceNotFound(err: unknown): boolean {
  return isNotFound(err) && (err as ApiStatusError).status?.details?.kind === 'namespaces';
}
