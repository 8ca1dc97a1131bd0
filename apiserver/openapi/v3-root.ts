/**
 * The OpenAPI v3 index: one serialized document per group-version, its content hash, the
 * `/openapi/v3` root that links them (`?hash=` changes whenever a document changes), and the
 * response for `/openapi/v3/<key>` with kube's caching rules.
 */
import { createHash } from 'node:crypto';
import type { ResourceInfo } from '../../api/resource.js';
import { groupVersionKey } from './names.js';
import type { OpenAPIV3Document, OpenAPIV3Root } from './types.js';
import { openAPIV3Document } from './v3.js';

export interface OpenAPIV3Entry {
  /** "apis/orgplane.io/v1alpha1" or "api/v1" */
  readonly key: string;
  readonly document: OpenAPIV3Document;
  /** the exact bytes to serve */
  readonly body: string;
  /** upper-case hex SHA-512 of body */
  readonly hash: string;
}

export interface OpenAPIV3Index {
  /** the body of `/openapi/v3` */
  readonly root: OpenAPIV3Root;
  readonly entries: ReadonlyMap<string, OpenAPIV3Entry>;
}

/** Builds every group-version document once; rebuild when the set of kinds changes. */
export function buildOpenAPIV3Index(resources: readonly ResourceInfo[]): OpenAPIV3Index {
  const byKey = new Map<string, ResourceInfo[]>();
  for (const r of resources) {
    const key = groupVersionKey(r.group, r.version);
    byKey.set(key, [...(byKey.get(key) ?? []), r]);
  }
  const entries = new Map<string, OpenAPIV3Entry>();
  const root: OpenAPIV3Root = { paths: {} };
  for (const key of [...byKey.keys()].sort()) {
    const document = openAPIV3Document(byKey.get(key) ?? []);
    const body = JSON.stringify(document);
    const hash = createHash('sha512').update(body).digest('hex').toUpperCase();
    entries.set(key, { key, document, body, hash });
    root.paths[key] = { serverRelativeURL: `/openapi/v3/${key}?hash=${hash}` };
  }
  return { root, entries };
}

export interface OpenAPIV3Response {
  readonly status: 200 | 301 | 304 | 404;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string | undefined;
}

const ONE_YEAR_MS = 365 * 24 * 60 * 60 * 1000;

/**
 * The answer to `GET /openapi/v3/<key>[?hash=H]`: 404 for an unknown key; 301 to the current URL
 * when H is stale; 304 when If-None-Match holds the ETag; else 200. A request naming the current
 * hash may be cached for a year (`public, immutable`), as kube allows.
 */
export function openAPIV3Response(
  index: OpenAPIV3Index,
  key: string,
  hash: string | undefined,
  ifNoneMatch: string | undefined,
  now: Date = new Date(),
): OpenAPIV3Response {
  const entry = index.entries.get(key.replace(/^\/+/, ''));
  if (!entry) return { status: 404, headers: {}, body: undefined };
  const etag = `"${entry.hash}"`;
  if (hash !== undefined && hash !== '' && hash !== entry.hash) {
    return {
      status: 301,
      headers: { Location: `/openapi/v3/${entry.key}?hash=${entry.hash}` },
      body: undefined,
    };
  }
  const headers: Record<string, string> = { ETag: etag };
  if (hash !== undefined && hash !== '') {
    headers.Vary = 'Accept';
    headers['Cache-Control'] = 'public, immutable';
    headers.Expires = new Date(now.getTime() + ONE_YEAR_MS).toUTCString();
  }
  const matches = ifNoneMatch?.split(',').some((t) => t.trim().replace(/^W\//, '') === etag) ?? false;
  if (matches) return { status: 304, headers, body: undefined };
  return { status: 200, headers: { ...headers, 'Content-Type': 'application/json' }, body: entry.body };
}
