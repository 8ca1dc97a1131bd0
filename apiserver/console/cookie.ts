/**
 * The console's session cookie: `orgplane-console=<bearer token>; HttpOnly; Secure;
 * SameSite=Strict; Path=/console/`, so the token reaches only the console's own endpoints and is
 * never readable by the page's scripts.
 */
import type { IncomingHttpHeaders } from 'node:http';

export const COOKIE_NAME = 'orgplane-console';
export const COOKIE_PATH = '/console/';

/** Characters a bearer token may hold to be kept in a cookie (JWTs and base64url secrets). */
const TOKEN_CHARS = /^[A-Za-z0-9._~+/=-]{1,16384}$/;

export const cookieSafe = (token: string): boolean => TOKEN_CHARS.test(token);

/** The session cookie's token from a request's Cookie header, if any. */
export function sessionToken(headers: IncomingHttpHeaders): string | undefined {
  const header = headers.cookie;
  if (header === undefined) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0 || part.slice(0, eq).trim() !== COOKIE_NAME) continue;
    const value = part.slice(eq + 1).trim();
    return cookieSafe(value) ? value : undefined;
  }
  return undefined;
}

const ATTRIBUTES = `HttpOnly; Secure; SameSite=Strict; Path=${COOKIE_PATH}`;

/** Set-Cookie for a session; maxAgeSeconds undefined: until the browser closes. */
export function sessionCookie(token: string, maxAgeSeconds: number | undefined): string {
  const age = maxAgeSeconds === undefined ? '' : `; Max-Age=${Math.max(0, Math.floor(maxAgeSeconds))}`;
  return `${COOKIE_NAME}=${token}; ${ATTRIBUTES}${age}`;
}

/** Set-Cookie that removes the session. */
export const clearedCookie = (): string => `${COOKIE_NAME}=; ${ATTRIBUTES}; Max-Age=0`;
