/** Writing responses: JSON bodies, Warning headers, Status errors. */
import type { Response } from 'express';
import type { ApiError } from '../errors/status.js';
import { warningHeaderValues } from '../schema/index.js';

export function setWarnings(resp: Response, warnings: readonly string[]): void {
  if (warnings.length === 0) return;
  resp.setHeader('Warning', warningHeaderValues(warnings));
}

/** What a write answered, kept for the audit record's responseRef (no copy of the body needed). */
interface WrittenLocals {
  writtenObject?: unknown;
}

export function recordWritten(resp: Response, obj: unknown): void {
  (resp.locals as WrittenLocals).writtenObject = obj;
}

export function writtenObject(resp: Response): unknown {
  return (resp.locals as WrittenLocals).writtenObject;
}

export function sendJson(resp: Response, code: number, body: unknown): void {
  sendText(resp, code, JSON.stringify(body));
}

/** Send a JSON text as it is. */
export function sendText(resp: Response, code: number, text: string): void {
  resp.status(code);
  resp.setHeader('Content-Type', 'application/json');
  resp.setHeader('Content-Length', Buffer.byteLength(text));
  resp.end(text);
}

export function sendError(resp: Response, err: ApiError): void {
  if (err.status.details?.retryAfterSeconds !== undefined)
    resp.setHeader('Retry-After', String(err.status.details.retryAfterSeconds));
  sendJson(resp, err.code, err.status);
}
