/**
 * The one error translator: storage errors and anything else become an ApiError (a Status).
 * Handlers never build Status objects from storage errors themselves; the layers above storage
 * (patch, protobuf, selectors) throw ApiErrors of their own, which pass through unchanged.
 */
import { isStorageError } from '../storage/errors.js';
import {
  ApiError,
  type GroupResource,
  MODIFIED,
  alreadyExists,
  badRequest,
  conflict,
  expired,
  internal,
  isApiError,
  notFound,
  serviceUnavailable,
} from './status.js';

export function toApiError(err: unknown, gr?: GroupResource, name = ''): ApiError {
  if (isApiError(err)) return err;
  const target = gr ?? { group: '', resource: '' };
  if (isStorageError(err)) {
    switch (err.code) {
      case 'KeyNotFound':
        return notFound(target, name);
      case 'KeyExists':
        return alreadyExists(target, name);
      case 'Conflict':
        return conflict(target, name, MODIFIED);
      case 'Expired':
        return expired(err.message);
      case 'Unavailable':
        return serviceUnavailable(`storage is unavailable: ${err.message}`);
      case 'InvalidRequest':
        return badRequest(err.message);
    }
  }
  const message = err instanceof Error ? err.message : String(err);
  // the HTTP layer's own refusals (express's router: a path segment that is not valid %-encoding)
  if (err instanceof Error && (err as { status?: unknown }).status === 400) return badRequest(message);
  return internal(message);
}
