/**
 * The typed error every patch function throws (and the only thing they throw): an ApiError with
 * the HTTP code and Status reason the API layer answers with.
 */
import type { StatusDetails, StatusReason } from '../../api/meta.js';
import { ApiError } from '../errors/status.js';

export type PatchErrorCode = 400 | 413 | 415 | 422;

const REASONS: Readonly<Record<PatchErrorCode, StatusReason>> = {
  400: 'BadRequest',
  413: 'RequestEntityTooLarge',
  415: 'UnsupportedMediaType',
  422: 'Invalid',
};

export class PatchError extends ApiError {
  constructor(code: PatchErrorCode, message: string, details?: StatusDetails) {
    super(code, REASONS[code], message, details);
    this.name = 'PatchError';
  }
}

export const badRequest = (message: string): PatchError => new PatchError(400, message);
export const unprocessable = (message: string): PatchError => new PatchError(422, message);

/** Go's name for a JSON value's type in `json: cannot unmarshal <type> into ...` messages. */
export function goJsonType(value: unknown): string {
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'boolean') return 'bool';
  if (value === null) return 'null';
  return typeof value;
}
