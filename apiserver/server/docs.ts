/**
 * Discovery (aggregated v2 and legacy, with ETags) and OpenAPI (v3 per group-version, v2) routes.
 * Documents are rebuilt lazily when the catalog changes (a CRD added or removed).
 */
import { requestURL } from '../http/requestinfo.js';
import type { Router, Request, Response } from 'express';
import type { ResourceInfo } from '../../api/resource.js';
import { aggregatedDiscovery, type DiscoveryRoot } from '../discovery/aggregated.js';
import { apiGroup, apiGroupList, apiResourceList, apiVersions } from '../discovery/legacy.js';
import { NO_EXTRA_SUBRESOURCES, type ExtraSubresources } from '../discovery/groups.js';
import { acceptsJSON } from '../discovery/media-type.js';
import { cachedResponse, discoveryContentType, discoveryFormat } from '../discovery/negotiate.js';
import { sendJson } from '../http/respond.js';
import { buildOpenAPIV3Index, openAPIV3Response, type OpenAPIV3Index } from '../openapi/v3-root.js';
import { openAPIV2Document } from '../openapi/v2.js';
import { OPENAPI_V2_PROTOBUF, OPENAPI_V2_PROTOBUF_TYPE, openAPIV2Protobuf } from '../openapi/v2-protobuf.js';
import { versionInfo } from './version.js';
import type { ResourceCatalog } from '../registry/catalog.js';
import { resourceNotFound } from './dispatch.js';

/** Built-in groups first (discovery order is the order of this list), then custom ones. */
function ordered(catalog: ResourceCatalog): ResourceInfo[] {
  const all = catalog.all();
  return [...all.filter((r) => r.builtin), ...all.filter((r) => !r.builtin)];
}

function send(
  resp: Response,
  out: { status: number; headers: Readonly<Record<string, string>>; body: string | undefined },
): void {
  resp.status(out.status);
  for (const [k, v] of Object.entries(out.headers)) resp.setHeader(k, v);
  if (out.body === undefined) resp.end();
  else resp.end(out.body);
}

function memo<T>(catalog: ResourceCatalog, build: () => T): () => T {
  let gen = -1;
  let value: T | undefined;
  return () => {
    if (value === undefined || gen !== catalog.generation) {
      value = build();
      gen = catalog.generation;
    }
    return value;
  };
}

export function mountDocs(
  app: Router,
  catalog: ResourceCatalog,
  extra: ExtraSubresources = NO_EXTRA_SUBRESOURCES,
): void {
  const v3 = memo<OpenAPIV3Index>(catalog, () => buildOpenAPIV3Index(ordered(catalog)));
  const v2 = memo(catalog, () => JSON.stringify(openAPIV2Document(ordered(catalog))));

  const root = (which: DiscoveryRoot) => (req: Request, resp: Response) => {
    const format = discoveryFormat(req.headers.accept);
    const resources = ordered(catalog);
    const doc =
      format === 'aggregated'
        ? aggregatedDiscovery(resources, which, extra)
        : which === 'api'
          ? apiVersions(resources)
          : apiGroupList(resources);
    send(resp, cachedResponse(doc, discoveryContentType(format), req.headers['if-none-match']));
  };
  app.get('/api', root('api'));
  app.get('/apis', root('apis'));

  const legacy = (doc: unknown, req: Request, resp: Response): void => {
    if (doc === undefined) throw resourceNotFound();
    send(resp, cachedResponse(doc, 'application/json', req.headers['if-none-match']));
  };
  app.get('/api/:version', (req, resp) => {
    legacy(apiResourceList(ordered(catalog), '', req.params.version, extra), req, resp);
  });
  app.get('/apis/:group', (req, resp) => {
    legacy(apiGroup(ordered(catalog), req.params.group), req, resp);
  });
  app.get('/apis/:group/:version', (req, resp) => {
    legacy(apiResourceList(ordered(catalog), req.params.group, req.params.version, extra), req, resp);
  });

  app.get('/openapi/v3', (_req, resp) => {
    sendJson(resp, 200, v3().root);
  });
  app.get('/openapi/v3/*key', (req, resp) => {
    const key = requestURL(req.originalUrl).pathname.replace(/^\/openapi\/v3\//, '');
    const hash = typeof req.query.hash === 'string' ? req.query.hash : undefined;
    send(resp, openAPIV3Response(v3(), key, hash, req.headers['if-none-match']));
  });
  app.get('/openapi/v2', (req, resp) => {
    if (req.headers.accept?.includes(OPENAPI_V2_PROTOBUF) === true) {
      resp.setHeader('Content-Type', OPENAPI_V2_PROTOBUF_TYPE);
      resp.end(openAPIV2Protobuf(versionInfo().gitVersion));
      return;
    }
    if (!acceptsJSON(req.headers.accept)) throw resourceNotFound();
    resp.setHeader('Content-Type', 'application/json');
    resp.end(v2());
  });
}
