import type { IncomingMessage } from 'node:http';
import { isSecretEndpoint, objectRefOf, redactedURI, requestAttributes, sourceIPs } from './request.js';

const attrs = (method: string, path: string) => requestAttributes(method, new URL(path, 'https://x'));

describe('audit request facts', () => {
  it('derives kube verbs and objectRefs, HTTP verbs for non-resource paths', () => {
    expect(attrs('GET', '/apis/orgplane.io/v1alpha1/agents?watch=true').verb).toBe('watch');
    expect(attrs('DELETE', '/api/v1/namespaces/a/events').verb).toBe('deletecollection');
    expect(attrs('POST', '/login')).toMatchObject({ resourceRequest: false, verb: 'post', path: '/login' });
    expect(objectRefOf(attrs('PUT', '/apis/orgplane.io/v1alpha1/namespaces/acme/agents/a1/status'))).toEqual({
      resource: 'agents',
      namespace: 'acme',
      name: 'a1',
      apiGroup: 'orgplane.io',
      apiVersion: 'v1alpha1',
      subresource: 'status',
    });
    expect(objectRefOf(attrs('GET', '/api/v1/namespaces'))).toEqual({
      resource: 'namespaces',
      apiVersion: 'v1',
    });
    expect(objectRefOf(attrs('GET', '/version'))).toBeUndefined();
  });

  it('knows the endpoints whose bodies carry secrets', () => {
    const secret = (m: string, p: string): boolean => isSecretEndpoint(attrs(m, p));
    expect(secret('POST', '/apis/orgplane.io/v1alpha1/serviceaccounts/bob/password')).toBe(true);
    expect(secret('POST', '/apis/orgplane.io/v1alpha1/serviceaccounts/bob/token')).toBe(true);
    expect(secret('POST', '/api/v1/namespaces/a/serviceaccounts/default/token')).toBe(true);
    expect(secret('POST', '/apis/authentication.k8s.io/v1/tokenreviews')).toBe(true);
    expect(secret('POST', '/login')).toBe(true);
    expect(secret('POST', '/apis/orgplane.io/v1alpha1/login')).toBe(true);
    expect(secret('POST', '/apis/orgplane.io/v1alpha1/namespaces/a/agents')).toBe(false);
    expect(secret('GET', '/apis/orgplane.io/v1alpha1/namespaces/a/agents/token')).toBe(false);
    // core Secrets are recorded with their values redacted (redact.ts), other groups' not at all
    expect(secret('POST', '/api/v1/namespaces/a/secrets')).toBe(false);
    expect(secret('POST', '/apis/example.io/v1/namespaces/a/secrets')).toBe(true);
  });

  it('removes credential values from the request URI', () => {
    expect(redactedURI('/login?access_token=abc&x=1&Password=p')).toBe(
      '/login?access_token=REDACTED&x=1&Password=REDACTED',
    );
    expect(redactedURI('/apis/x?labelSelector=a%3Db')).toBe('/apis/x?labelSelector=a%3Db');
    expect(redactedURI('/healthz')).toBe('/healthz');
  });

  it('lists source IPs as kube does: forwarded, real IP, then the peer', () => {
    const req = (headers: Record<string, string>, remoteAddress: string): IncomingMessage =>
      ({ headers, socket: { remoteAddress } }) as unknown as IncomingMessage;
    expect(sourceIPs(req({}, '::ffff:10.0.0.1'))).toEqual(['10.0.0.1']);
    expect(
      sourceIPs(req({ 'x-forwarded-for': '1.2.3.4, bogus, 5.6.7.8', 'x-real-ip': '5.6.7.8' }, '::1')),
    ).toEqual(['1.2.3.4', '5.6.7.8', '::1']);
  });
});
