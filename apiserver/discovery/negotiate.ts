/**
 * Which discovery document a request to `/api` or `/apis` wants, and the ETag/304 handling kube
 * applies to discovery responses (kubectl caches discovery on disk and revalidates with
 * If-None-Match).
 */
import { createHash } from 'node:crypto';
import { AGGREGATED_DISCOVERY_CONTENT_TYPE } from './aggregated.js';
import { isJSONRange, parseAccept } from './media-type.js';

export type DiscoveryFormat = 'aggregated' | 'legacy';

/**
 * 'aggregated' when the most preferred JSON range the server can serve is
 * `application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList`; 'legacy' when it is
 * plain JSON, or when nothing in the header is servable (kube answers legacy JSON then too).
 */
export function discoveryFormat(accept: string | undefined): DiscoveryFormat {
  for (const r of parseAccept(accept)) {
    if (!isJSONRange(r)) continue;
    const { as, g, v } = r.params;
    if (as === undefined) return 'legacy';
    if (as === 'APIGroupDiscoveryList' && g === 'apidiscovery.k8s.io' && v === 'v2') return 'aggregated';
  }
  return 'legacy';
}

/** The Content-Type to send with a discovery document of the given format. */
export function discoveryContentType(format: DiscoveryFormat): string {
  return format === 'aggregated' ? AGGREGATED_DISCOVERY_CONTENT_TYPE : 'application/json';
}

/** A strong ETag: the quoted upper-case hex SHA-512 of the body, as kube computes it. */
export function etagOf(body: string): string {
  return `"${createHash('sha512').update(body).digest('hex').toUpperCase()}"`;
}

/** Whether an If-None-Match header (a list of ETags, possibly weak, or `*`) matches. */
export function ifNoneMatchHits(ifNoneMatch: string | undefined, etag: string): boolean {
  if (ifNoneMatch === undefined) return false;
  return ifNoneMatch
    .split(',')
    .map((t) => t.trim().replace(/^W\//, ''))
    .some((t) => t === '*' || t === etag);
}

export interface CachedResponse {
  readonly status: 200 | 304;
  readonly headers: Readonly<Record<string, string>>;
  /** the serialized document; undefined for 304 */
  readonly body: string | undefined;
}

/**
 * The complete response for a discovery (or other cacheable) document: 200 with the body, or 304
 * without one when If-None-Match holds the body's ETag. Headers as kube sends them.
 */
export function cachedResponse(
  document: unknown,
  contentType: string,
  ifNoneMatch: string | undefined,
): CachedResponse {
  const body = JSON.stringify(document);
  const etag = etagOf(body);
  const headers = { ETag: etag, Vary: 'Accept', 'Cache-Control': 'public' };
  if (ifNoneMatchHits(ifNoneMatch, etag)) return { status: 304, headers, body: undefined };
  return { status: 200, headers: { ...headers, 'Content-Type': contentType }, body };
}
