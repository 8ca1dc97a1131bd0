/**
 * `Orgplane-Write-Deadline: <RFC 3339 time>` on a mutating request: the writer's authority (a
 * controller leader's lease) ends then, so a write the server would begin to execute later is
 * refused with 409 Conflict and writes nothing. The server half of the controllers' fencing
 * (controllers/runtime/fence.ts): a leader frozen after it checked its lease but before its request
 * left the process is refused here, however long it was frozen. Checked after authentication and
 * flow control, right before dispatch; a malformed value is a 400. Reads ignore the header.
 */
import type { NextFunction, Request, Response } from 'express';
import { ApiError, badRequest } from '../errors/status.js';

export const WRITE_DEADLINE_HEADER = 'orgplane-write-deadline';

const MUTATING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** Throws the refusal for a mutating request whose deadline is before `now` (epoch ms). */
export function checkWriteDeadline(method: string, header: string | string[] | undefined, now: number): void {
  if (header === undefined || !MUTATING.has(method)) return;
  const text = Array.isArray(header) ? header.join(',') : header;
  const deadline = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,9})?Z$/.test(text.trim())
    ? Date.parse(text.trim())
    : Number.NaN;
  if (Number.isNaN(deadline))
    throw badRequest(
      `invalid ${WRITE_DEADLINE_HEADER} header "${text.slice(0, 64)}": want an RFC 3339 UTC time`,
    );
  if (now > deadline)
    throw new ApiError(
      409,
      'Conflict',
      `the write deadline ${text.trim()} has passed (the writer's lease expired): nothing was written`,
    );
}

export function writeDeadline(now: () => number = Date.now) {
  return (req: Request, _resp: Response, next: NextFunction): void => {
    checkWriteDeadline(req.method, req.headers[WRITE_DEADLINE_HEADER], now());
    next();
  };
}
