/**
 * The generic store: one implementation serves every kind, driven by its ResourceInfo
 * (kube's registry/generic Store). Reads go to the watch cache when there is one (storage
 * otherwise); writes through commitWrite.
 */
import { copyJson } from '../../api/json.js';
import { randomInt } from 'node:crypto';
import type { KubeObject } from '../../api/meta.js';
import type { ResourceInfo } from '../../api/resource.js';
import { alreadyExists, badRequest, conflict, invalid, MODIFIED, notFound } from '../errors/status.js';
import { toApiError } from '../errors/translate.js';
import { decode } from '../storage/codec.js';
import { objectKey, resourcePrefix } from './keys.js';
import { decodeEntry } from '../cache/entry.js';
import { cachedGet } from '../cache/reads.js';
import { applyConfiguration, patchObject, type PatchType } from '../patch/index.js';
import { prepareForCreate, prepareForUpdate, settleGeneration } from './strategy.js';
import type { StoreDeps, WriteOptions, WriteResult } from './types.js';
import { commitWrite, type BuildResult, type WriteRequest } from './write.js';
import { deleteObject, type DeleteOutcome, type DeleteRequest } from './delete.js';
import { listObjects, type ListRequest, type RawList } from './list.js';
import { watchObjects, type ObjectWatch, type WatchRequest } from './watch.js';
import type { KubeList } from '../../api/meta.js';
import type { FieldError } from '../validation/field.js';
import { stringField } from '../validation/meta.js';

const NAME_CHARS = 'bcdfghjklmnpqrstvwxz2456789';

/** kube's generateName suffix: 5 characters that never spell words. */
function generatedName(base: string): string {
  let s = base.slice(0, 63 - 5);
  for (let i = 0; i < 5; i++) s += NAME_CHARS.charAt(randomInt(NAME_CHARS.length));
  return s;
}

/**
 * The resourceVersion a patch itself names (kube treats it as a precondition): metadata.
 * resourceVersion of a merge/strategic/apply patch, or the value a json-patch puts there.
 */
function pinnedVersion(type: PatchType, patch: unknown): string | undefined {
  if (type === 'json') {
    if (!Array.isArray(patch)) return undefined;
    for (const op of patch as unknown[]) {
      const o = op as { op?: unknown; path?: unknown; value?: unknown } | null;
      if (
        o &&
        (o.op === 'replace' || o.op === 'add') &&
        o.path === '/metadata/resourceVersion' &&
        typeof o.value === 'string'
      )
        return o.value;
    }
    return undefined;
  }
  const meta = (patch as { metadata?: { resourceVersion?: unknown } } | null)?.metadata;
  return typeof meta?.resourceVersion === 'string' ? meta.resourceVersion : undefined;
}

export class Store {
  constructor(
    readonly res: ResourceInfo,
    private readonly deps: StoreDeps,
  ) {}

  private get gr(): { group: string; resource: string } {
    return { group: this.res.group, resource: this.res.plural };
  }

  key(ns: string, name: string): string {
    return objectKey(this.res, ns, name);
  }

  /** Items are shared and frozen: clone one before changing it. */
  async list(req: ListRequest): Promise<KubeList> {
    return (await this.listRaw(req)).list;
  }

  /** The list with each item's JSON text, for answers that need no conversion. */
  listRaw(req: ListRequest): Promise<RawList> {
    return listObjects(this.deps.storage, this.deps.cache, this.res, req, this.deps.watchCache);
  }

  watch(req: WatchRequest): ObjectWatch {
    return watchObjects(this.deps.storage, this.res, req, this.deps.watchCache);
  }

  delete(req: DeleteRequest): Promise<DeleteOutcome> {
    return deleteObject(this.deps, this.res, req);
  }

  /** A consistent read (the cache once it has seen storage's current revision, else storage). */
  async get(ns: string, name: string): Promise<KubeObject> {
    try {
      const key = this.key(ns, name);
      const wc = this.deps.watchCache;
      const hit = wc ? await cachedGet(wc, resourcePrefix(this.res), key) : undefined;
      if (hit === null) throw notFound(this.gr, name);
      if (hit) return decodeEntry(hit);
      const kv = await this.deps.storage.get(key);
      if (!kv) throw notFound(this.gr, name);
      return decode(kv);
    } catch (err) {
      throw toApiError(err, this.gr, name);
    }
  }

  /** A body's name and generateName are strings or absent (422 otherwise), before any use of them. */
  private checkNameTypes(obj: KubeObject): void {
    const errs: FieldError[] = [];
    stringField(obj.metadata, 'name', 'metadata', errs);
    stringField(obj.metadata, 'generateName', 'metadata', errs);
    if (errs.length > 0) throw invalid({ group: this.res.group, kind: this.res.kind }, '', errs);
  }

  /** Set namespace and name of a body for this request (create), refusing mismatches. */
  private placeForCreate(ns: string, obj: KubeObject): string {
    this.checkNameTypes(obj);
    const meta = obj.metadata;
    if (this.res.namespaced) {
      if (meta.namespace !== undefined && meta.namespace !== '' && meta.namespace !== ns)
        throw badRequest(
          'the namespace of the provided object does not match the namespace sent on the request',
        );
      meta.namespace = ns;
    } else {
      delete meta.namespace;
    }
    if ((meta.name === undefined || meta.name === '') && meta.generateName) {
      meta.name = generatedName(meta.generateName);
    }
    if (meta.name === undefined || meta.name === '') {
      throw invalid({ group: this.res.group, kind: this.res.kind }, '', [
        {
          field: 'metadata.name',
          reason: 'FieldValueRequired',
          detail: 'name or generateName is required',
          message: 'metadata.name: Required value: name or generateName is required',
        },
      ]);
    }
    return meta.name;
  }

  private buildCreate(obj: KubeObject): BuildResult {
    prepareForCreate(this.res, obj, this.deps.now());
    this.deps.hooks(this.res).prepareForCreate?.(obj);
    return { object: obj, operation: 'CREATE' };
  }

  /** Run the write pipeline on one object of this resource. */
  private write(
    ns: string,
    name: string,
    opts: WriteOptions,
    build: WriteRequest['build'],
    expectAbsent = false,
  ): Promise<WriteResult> {
    return commitWrite(this.deps, {
      res: this.res,
      key: this.key(ns, name),
      namespace: ns,
      name,
      opts,
      build,
      expectAbsent,
    });
  }

  async create(ns: string, body: KubeObject, opts: WriteOptions): Promise<WriteResult> {
    const name = this.placeForCreate(ns, body);
    const build = (current: KubeObject | undefined): BuildResult => {
      if (current) throw alreadyExists(this.gr, name);
      return this.buildCreate(copyJson(body));
    };
    return this.write(ns, name, opts, build, true);
  }

  private placeForUpdate(ns: string, name: string, obj: KubeObject): void {
    this.checkNameTypes(obj);
    const meta = obj.metadata;
    if (meta.name !== undefined && meta.name !== name)
      throw badRequest(`the name of the object (${meta.name}) does not match the name on the URL (${name})`);
    meta.name = name;
    if (this.res.namespaced) {
      if (meta.namespace !== undefined && meta.namespace !== '' && meta.namespace !== ns)
        throw badRequest(
          'the namespace of the provided object does not match the namespace sent on the request',
        );
      meta.namespace = ns;
    }
  }

  /**
   * `rv`: the resourceVersion the client pinned (a precondition), or undefined. Only a pinned
   * version may answer 409 for a lost race; anything else is re-applied to the fresh object.
   */
  private buildUpdate(
    body: KubeObject,
    current: KubeObject,
    subresource: string,
    rv: string | undefined,
  ): BuildResult {
    const pinned = rv !== undefined && rv !== '';
    if (pinned && rv !== current.metadata.resourceVersion)
      throw conflict(this.gr, current.metadata.name ?? '', MODIFIED);
    const next = prepareForUpdate(this.res, body, current, subresource);
    this.deps.hooks(this.res).prepareForUpdate?.(next, current, subresource);
    settleGeneration(next, current);
    return { object: next, operation: 'UPDATE', explicitVersion: pinned };
  }

  /** PUT: replace the object (or its status). Never creates. */
  async update(ns: string, name: string, body: KubeObject, opts: WriteOptions): Promise<WriteResult> {
    this.placeForUpdate(ns, name, body);
    if (!this.res.builtin && !body.metadata.resourceVersion) {
      throw invalid({ group: this.res.group, kind: this.res.kind }, name, [
        {
          field: 'metadata.resourceVersion',
          reason: 'FieldValueInvalid',
          detail: 'Invalid value: 0x0: must be specified for an update',
          message: 'metadata.resourceVersion: Invalid value: 0x0: must be specified for an update',
        },
      ]);
    }
    return this.write(ns, name, opts, (current) => {
      if (!current) throw notFound(this.gr, name);
      return this.buildUpdate(copyJson(body), current, opts.subresource, body.metadata.resourceVersion);
    });
  }

  /** PATCH in any supported patch type; apply-patch creates when absent. */
  async patch(
    ns: string,
    name: string,
    type: PatchType,
    patch: unknown,
    opts: WriteOptions & { readonly force: boolean },
  ): Promise<WriteResult> {
    return this.write(ns, name, opts, (current) => {
      if (type === 'apply') return this.buildApply(ns, name, patch, current, opts);
      if (!current) throw notFound(this.gr, name);
      const patched = patchObject(type, current, patch);
      this.placeForUpdate(ns, name, patched);
      return this.buildUpdate(patched, current, opts.subresource, pinnedVersion(type, patch));
    });
  }

  private buildApply(
    ns: string,
    name: string,
    patch: unknown,
    current: KubeObject | undefined,
    opts: WriteOptions & { readonly force: boolean },
  ): BuildResult {
    const applied = applyConfiguration(patch);
    if (applied.apiVersion === '' || applied.kind === '')
      throw badRequest('apiVersion and kind must be set in an apply configuration');
    if (current === undefined) this.placeForCreate(ns, applied);
    else this.placeForUpdate(ns, name, applied);
    if (applied.metadata.name !== name)
      throw badRequest(
        `the name of the object (${applied.metadata.name ?? ''}) does not match the name on the URL (${name})`,
      );
    const merged = this.deps.fieldManager.apply({
      res: this.res,
      live: current,
      applied,
      manager: opts.fieldManager,
      force: opts.force,
      subresource: opts.subresource,
    });
    if (!current) return { ...this.buildCreate(merged), managedFieldsDone: true };
    return {
      ...this.buildUpdate(merged, current, opts.subresource, pinnedVersion('apply', patch)),
      managedFieldsDone: true,
    };
  }
}
