/**
 * The console session (server side: an HttpOnly cookie the page never sees). signIn/currentSession/
 * signOut talk to /console/session; any 401 of an API call ends it (expiry.ts).
 */
import { ApiRequestError, statusOf } from './errors';

export { EXPIRED_MESSAGE, onSessionExpired } from './expiry';

export interface Session {
  readonly username: string;
  readonly groups: readonly string[];
  readonly expirationTimestamp: string | null;
}

export type Credentials =
  { readonly username: string; readonly password: string } | { readonly token: string };

const SESSION_URL = '/console/session';

async function sessionCall(method: string, body?: Credentials): Promise<Response> {
  const resp = await fetch(SESSION_URL, {
    method,
    credentials: 'same-origin',
    headers: { 'X-Orgplane-Console': '1', Accept: 'application/json', 'Content-Type': 'application/json' },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  if (!resp.ok) throw new ApiRequestError(await statusOf(resp));
  return resp;
}

export async function signIn(credentials: Credentials): Promise<Session> {
  return (await (await sessionCall('POST', credentials)).json()) as Session;
}

/** The current session, or undefined when signed out (a 401). */
/**
 * The signed-in session; undefined when not signed in, 'expired' when the session cookie's token
 * no longer authenticates (expired or revoked: the server drops the cookie and says so).
 */
export async function currentSession(): Promise<Session | 'expired' | undefined> {
  try {
    return (await (await sessionCall('GET')).json()) as Session;
  } catch (err) {
    if (!(err instanceof ApiRequestError) || err.code !== 401) throw err;
    const d = err.status.details;
    return d?.kind === 'session' && d.name === 'expired' ? 'expired' : undefined;
  }
}

export async function signOut(): Promise<void> {
  await sessionCall('DELETE');
}
