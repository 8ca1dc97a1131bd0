import { describe, expect, it } from '@jest/globals';
import { clearedCookie, sessionCookie, sessionToken } from './cookie.js';

describe('console session cookie', () => {
  it('reads the session token among other cookies', () => {
    expect(sessionToken({ cookie: 'a=1; orgplane-console=abc.def-_; b=2' })).toBe('abc.def-_');
    expect(sessionToken({ cookie: 'a=1' })).toBeUndefined();
    expect(sessionToken({})).toBeUndefined();
  });

  it('ignores a value that could not have been set by the server', () => {
    expect(sessionToken({ cookie: 'orgplane-console=a b' })).toBeUndefined();
    expect(sessionToken({ cookie: 'orgplane-console=' })).toBeUndefined();
  });

  it('is HttpOnly, Secure, SameSite=Strict and scoped to /console/', () => {
    expect(sessionCookie('t', 59.9)).toBe(
      'orgplane-console=t; HttpOnly; Secure; SameSite=Strict; Path=/console/; Max-Age=59',
    );
    expect(sessionCookie('t', undefined)).not.toContain('Max-Age');
    expect(clearedCookie()).toContain('Max-Age=0');
  });
});
