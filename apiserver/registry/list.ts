/**
 * Lists: consistent at one revision across pages. The continue token carries the revision and
 * the last key (kube's format: base64 of {"v":"meta.k8s.io/v1","rv":N,"start":"..."}); a token
 * whose revision was compacted answers 410 Expired.
 */
import type { KubeList, KubeObject } from '../../api/meta.js';
import { apiVersionOf, type ResourceInfo } from '../../api/resource.js';
import { badRequest, expired } from '../errors/status.js';
import { toApiError } from '../errors/translate.js';
import { isStorageError } from '../storage/errors.js';
import type { KeyValue, Storage } from '../storage/interface.js';
import { parseResourceVersion } from '../storage/codec.js';
import type { ObjectCache } from './objcache.js';
import { listPrefix, resourcePrefix } from './keys.js';
import type { WatchCache } from '../cache/cacher.js';
import { decodeEntry, withResourceVersion } from '../cache/entry.js';
import { matchEverything } from '../cache/filter.js';
import { cachedList, type CachePage } from '../cache/reads.js';

export interface ListRequest {
  readonly namespace: string;
  /** keep only objects for which this is true (label and field selectors) */
  readonly filter: (obj: KubeObject) => boolean;
  /** an exact metadata.name from the field selector: read one key instead of a range */
  readonly exactName?: string;
  readonly limit?: number;
  readonly continueToken?: string;
  readonly resourceVersion?: string;
  readonly resourceVersionMatch?: string;
}

interface ContinueToken {
  readonly rv: number;
  readonly start: string;
}

const EXPIRED_CONTINUE =
  'The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter, or use the continue token in this response to retrieve the remainder of the results. Continuing with the provided token results in an inconsistent list - objects that were created, modified, or deleted between the time the first chunk was returned and now may show up in the list.';

export function encodeContinue(rv: number, start: string): string {
  return Buffer.from(JSON.stringify({ v: 'meta.k8s.io/v1', rv, start })).toString('base64');
}

export function decodeContinue(token: string): ContinueToken {
  try {
    const parsed = JSON.parse(Buffer.from(token, 'base64').toString('utf8')) as unknown;
    if (typeof parsed === 'object' && parsed !== null) {
      const { rv, start } = parsed as Record<string, unknown>;
      if (
        typeof rv === 'number' &&
        Number.isSafeInteger(rv) &&
        rv > 0 &&
        typeof start === 'string' &&
        !start.includes('\0')
      )
        return { rv, start };
    }
  } catch {
    // fall through to the error below
  }
  throw badRequest(
    'continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)',
  );
}

/** A list plus each item's JSON, so plain-JSON answers need no second serialization. */
export interface RawList {
  readonly list: KubeList;
  /** the items' texts, in order; read as iterated (the cache may read each from storage) */
  readonly raw: Iterable<string>;
}

/** A list whose items are decoded (by `decode`) when first read, then kept. */
function lazyList(
  res: ResourceInfo,
  rv: number,
  cont: string | undefined,
  decode: () => KubeObject[],
): KubeList {
  const list = {
    apiVersion: apiVersionOf(res),
    kind: res.listKind,
    metadata: { resourceVersion: String(rv), ...(cont ? { continue: cont } : {}) },
  } as KubeList;
  let items: KubeObject[] | undefined;
  Object.defineProperty(list, 'items', { enumerable: true, get: () => (items ??= decode()) });
  return list;
}

/** items: the decoded objects, when the filter decoded them; else decoded from raw when first read */
function listEnvelope(
  res: ResourceInfo,
  items: KubeObject[] | undefined,
  raw: string[],
  rv: number,
  cont?: string,
): RawList {
  return { list: lazyList(res, rv, cont, () => items ?? raw.map((t) => JSON.parse(t) as KubeObject)), raw };
}

/** A RawList's JSON as the text before its items and the text after them. */
export function rawListParts(r: RawList): { readonly head: string; readonly tail: string } {
  const { apiVersion, kind, metadata } = r.list;
  return { head: `${JSON.stringify({ apiVersion, kind, metadata }).slice(0, -1)},"items":[`, tail: ']}' };
}

/** The JSON text of a RawList, built from the cached item texts. */
export function rawListJson(r: RawList): string {
  const { head, tail } = rawListParts(r);
  return head + [...r.raw].join(',') + tail;
}

/** Revision to read at: a continue token's, an Exact resourceVersion, else the latest. */
function startRevision(req: ListRequest, token: ContinueToken | undefined): number {
  if (token) return token.rv;
  const rv = parseResourceVersion(req.resourceVersion);
  if (rv === -1) throw badRequest(`invalid resource version: ${req.resourceVersion ?? ''}`);
  return req.resourceVersionMatch === 'Exact' && rv !== undefined ? rv : 0;
}

/** The page's texts in order: those its filter read already, the others read now. */
function* textsOf(page: CachePage): Generator<string> {
  for (let i = 0; i < page.entries.length; i++) yield page.texts[i] ?? page.entries[i]?.json ?? '';
}

/** A list answered by the watch cache; its items are decoded when first read. */
function fromCache(res: ResourceInfo, page: CachePage): RawList {
  const cont = page.next !== undefined ? encodeContinue(page.revision, page.next) : undefined;
  const list = lazyList(res, page.revision, cont, () =>
    page.entries.map((e, i) => page.decoded[i] ?? decodeEntry(e)),
  );
  return { list, raw: { [Symbol.iterator]: () => textsOf(page) } };
}

/** The list from the watch cache, undefined when storage must answer (see cache/reads.ts). */
async function tryCache(
  watchCache: WatchCache,
  res: ResourceInfo,
  req: ListRequest,
  token: ContinueToken | undefined,
  limit: number,
): Promise<RawList | undefined> {
  const page = await cachedList(watchCache, {
    resourcePrefix: resourcePrefix(res),
    listPrefix: listPrefix(res, req.namespace),
    namespace: res.namespaced ? req.namespace : '',
    filter: req.filter,
    ...(req.exactName !== undefined ? { exactName: req.exactName } : {}),
    limit,
    ...(token ? { token } : {}),
    resourceVersion: parseResourceVersion(req.resourceVersion),
    exact: req.resourceVersionMatch === 'Exact',
  });
  return page ? fromCache(res, page) : undefined;
}

/** The items a storage list keeps, as texts, and as objects when its filter decoded them. */
class Found {
  private readonly items: KubeObject[] = [];
  private readonly raw: string[] = [];
  /** nothing to match: the stored texts are the answer, and nothing is decoded unless asked for */
  private readonly whole: boolean;

  constructor(
    private readonly cache: ObjectCache,
    private readonly req: ListRequest,
  ) {
    this.whole = req.filter === matchEverything && req.exactName === undefined;
  }

  get count(): number {
    return this.raw.length;
  }

  offer(kv: KeyValue): void {
    if (this.whole) {
      this.raw.push(withResourceVersion(kv));
      return;
    }
    const { obj, json } = this.cache.decode(kv);
    if (this.req.exactName !== undefined && obj.metadata.name !== this.req.exactName) return;
    if (!this.req.filter(obj)) return;
    this.items.push(obj);
    this.raw.push(json);
  }

  envelope(res: ResourceInfo, revision: number, cont?: string): RawList {
    return listEnvelope(res, this.whole ? undefined : this.items, this.raw, revision, cont);
  }
}

/** Objects in the list are shared and frozen (see ObjectCache): clone before changing one. */
export async function listObjects(
  storage: Storage,
  cache: ObjectCache,
  res: ResourceInfo,
  req: ListRequest,
  watchCache?: WatchCache,
): Promise<RawList> {
  const prefix = listPrefix(res, req.namespace);
  const token = req.continueToken ? decodeContinue(req.continueToken) : undefined;
  const limit = req.limit !== undefined && req.limit > 0 ? req.limit : 0;
  let revision = startRevision(req, token);
  const cached = watchCache ? await tryCache(watchCache, res, req, token, limit) : undefined;
  if (cached) return cached;
  let after = token ? prefix + token.start : undefined;
  const found = new Found(cache, req);
  try {
    for (;;) {
      const page = await storage.list(prefix, {
        ...(revision > 0 ? { revision } : {}),
        ...(limit > 0 ? { limit: Math.max(limit - found.count, 50) } : {}),
        ...(after !== undefined ? { continueAfter: after } : {}),
      });
      revision = page.revision;
      for (const kv of page.items) {
        after = kv.key;
        found.offer(kv);
        if (limit > 0 && found.count >= limit) {
          const more = page.more || kv !== page.items[page.items.length - 1];
          const cont = more ? encodeContinue(revision, kv.key.slice(prefix.length)) : undefined;
          return found.envelope(res, revision, cont);
        }
      }
      if (!page.more) return found.envelope(res, revision);
    }
  } catch (err) {
    if (token && isStorageError(err, 'Expired')) throw expired(EXPIRED_CONTINUE);
    throw toApiError(err, { group: res.group, resource: res.plural });
  }
}
