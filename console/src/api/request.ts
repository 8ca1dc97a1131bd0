/**
 * request(): one JSON call to the API through the console's proxy (/console/api + path), with the
 * CSRF header the server requires of writes. A failure throws ApiRequestError holding the server's
 * Status (its message and field causes); a 401 also ends the session (see session.ts).
 */
import { ApiRequestError, statusOf } from './errors';
import { sessionExpired } from './expiry';
import { API_BASE } from './paths';

export { ApiRequestError } from './errors';

export interface RequestOptions {
  readonly method?: string;
  /** sent as JSON unless a string (then as contentType) */
  readonly body?: unknown;
  readonly contentType?: string;
  readonly signal?: AbortSignal;
}

export const CONSOLE_HEADERS = { 'X-Orgplane-Console': '1', Accept: 'application/json' } as const;

/** fetch() through the proxy; throws ApiRequestError (and ends the session on 401). */
export async function apiFetch(path: string, opts: RequestOptions = {}): Promise<Response> {
  const text =
    opts.body === undefined || typeof opts.body === 'string' ? opts.body : JSON.stringify(opts.body);
  const resp = await fetch(`${API_BASE}${path}`, {
    method: opts.method ?? 'GET',
    headers: {
      ...CONSOLE_HEADERS,
      ...(text !== undefined ? { 'Content-Type': opts.contentType ?? 'application/json' } : {}),
    },
    credentials: 'same-origin',
    ...(text !== undefined ? { body: text } : {}),
    ...(opts.signal ? { signal: opts.signal } : {}),
  });
  if (resp.ok) return resp;
  const status = await statusOf(resp);
  if (resp.status === 401) sessionExpired();
  throw new ApiRequestError(status);
}

export async function request<T>(path: string, opts: RequestOptions = {}): Promise<T> {
  const resp = await apiFetch(path, opts);
  if (resp.status === 204) return undefined as T;
  return (await resp.json()) as T;
}
