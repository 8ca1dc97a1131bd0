/**
 * What the audit record says about a request before it is served: its attributes (kube's
 * RequestInfo), objectRef, source IPs, a requestURI without credentials, and whether its bodies
 * carry secrets (password, token, login and console session endpoints: never recorded).
 */
import { isIP } from 'node:net';
import type { IncomingMessage } from 'node:http';
import type { AuditObjectRef } from '../../api/auditevent.js';
import { parseRequestInfo, watchParam } from '../http/requestinfo.js';
import { requestAttributesOf } from '../authz/attributes.js';
import type { RequestAttributes } from '../authz/types.js';

export function requestAttributes(method: string, url: URL): RequestAttributes {
  const path = url.pathname;
  return requestAttributesOf(method, path, parseRequestInfo(method, path, watchParam(url.searchParams)));
}

export function objectRefOf(a: RequestAttributes): AuditObjectRef | undefined {
  if (!a.resourceRequest) return undefined;
  return {
    resource: a.resource,
    ...(a.namespace !== '' ? { namespace: a.namespace } : {}),
    ...(a.name !== '' ? { name: a.name } : {}),
    ...(a.group !== '' ? { apiGroup: a.group } : {}),
    apiVersion: a.version,
    ...(a.subresource !== '' ? { subresource: a.subresource } : {}),
  };
}

const SECRET_SUBRESOURCES = new Set(['password', 'token']);
const SECRET_RESOURCES = new Set(['secrets', 'tokenreviews', 'tokenrequests', 'login', 'logins']);
const SECRET_SEGMENTS = new Set(['login', 'password', 'token', 'session']);

/**
 * Requests whose bodies hold credentials: neither body is ever recorded. Core Secrets are not
 * among them: theirs are recorded with the values redacted (redact.ts).
 */
export function isSecretEndpoint(a: RequestAttributes): boolean {
  if (a.resourceRequest && a.group === '' && a.resource === 'secrets')
    return SECRET_SUBRESOURCES.has(a.subresource);
  if (a.resourceRequest) return SECRET_SUBRESOURCES.has(a.subresource) || SECRET_RESOURCES.has(a.resource);
  return a.path.split('/').some((seg) => SECRET_SEGMENTS.has(seg.toLowerCase()));
}

const SECRET_QUERY = /token|password|secret|credential/i;

/** The request URI as sent, with the values of credential-like query parameters removed. */
export function redactedURI(originalUrl: string): string {
  const q = originalUrl.indexOf('?');
  if (q < 0) return originalUrl;
  const parts = originalUrl
    .slice(q + 1)
    .split('&')
    .map((kv) => {
      const eq = kv.indexOf('=');
      const key = eq < 0 ? kv : kv.slice(0, eq);
      let decoded = key;
      try {
        decoded = decodeURIComponent(key);
      } catch {
        // keep the raw key
      }
      return eq >= 0 && SECRET_QUERY.test(decoded) ? `${key}=REDACTED` : kv;
    });
  return `${originalUrl.slice(0, q)}?${parts.join('&')}`;
}

const normalizeIP = (ip: string): string =>
  ip.startsWith('::ffff:') && isIP(ip.slice(7)) === 4 ? ip.slice(7) : ip;

/** kube's utilnet.SourceIPs: X-Forwarded-For, then X-Real-Ip, then the peer address. */
export function sourceIPs(req: IncomingMessage): string[] {
  const ips: string[] = [];
  const add = (raw: string | undefined): void => {
    const ip = normalizeIP((raw ?? '').trim());
    if (isIP(ip) !== 0 && !ips.includes(ip)) ips.push(ip);
  };
  const fwd = req.headers['x-forwarded-for'];
  for (const h of Array.isArray(fwd) ? fwd : fwd ? [fwd] : []) for (const ip of h.split(',')) add(ip);
  const real = req.headers['x-real-ip'];
  add(Array.isArray(real) ? real[0] : real);
  add(req.socket.remoteAddress);
  return ips;
}
