import { describe, expect, it } from '@jest/globals';
import type { Request, Response } from 'express';
import { consoleRewrite } from './proxy.js';

interface FakeReq {
  method: string;
  url: string;
  originalUrl: string;
  headers: Record<string, string | undefined>;
}

const run = (req: FakeReq): FakeReq => {
  let called = false;
  consoleRewrite()(req as unknown as Request, {} as unknown as Response, () => {
    called = true;
  });
  expect(called).toBe(true);
  return req;
};

const req = (method: string, url: string, headers: Record<string, string> = {}): FakeReq => ({
  method,
  url,
  originalUrl: url,
  headers: { ...headers },
});

describe('consoleRewrite', () => {
  it('turns a console call into the API call with the cookie token as bearer token', () => {
    const r = run(
      req('GET', '/console/api/apis/orgplane.io/v1alpha1/organizations?watch=1', {
        cookie: 'x=1; orgplane-console=tok.en',
        authorization: 'Bearer someone-else',
      }),
    );
    expect(r.url).toBe('/apis/orgplane.io/v1alpha1/organizations?watch=1');
    expect(r.originalUrl).toBe(r.url);
    expect(r.headers.authorization).toBe('Bearer tok.en');
    expect(r.headers.cookie).toBeUndefined();
  });

  it('rewrites a write only with the CSRF header', () => {
    const without = run(req('POST', '/console/api/api/v1/namespaces', { cookie: 'orgplane-console=t' }));
    expect(without.url).toBe('/console/api/api/v1/namespaces');
    expect(without.headers.authorization).toBeUndefined();
    const withHeader = run(
      req('DELETE', '/console/api/api/v1/namespaces/x', {
        cookie: 'orgplane-console=t',
        'x-orgplane-console': '1',
      }),
    );
    expect(withHeader.url).toBe('/api/v1/namespaces/x');
  });

  it('leaves requests without a session and other paths alone', () => {
    const none = run(req('GET', '/console/api/version', { authorization: 'Bearer b' }));
    expect(none.url).toBe('/console/api/version');
    expect(none.headers.authorization).toBe('Bearer b');
    const other = run(req('GET', '/version', { cookie: 'orgplane-console=t' }));
    expect(other.url).toBe('/version');
    expect(other.headers.cookie).toBe('orgplane-console=t');
  });
});
