/** What the generic store needs from the rest of the server, and what its verbs take and return. */
import type { KubeObject } from '../../api/meta.js';
import type { ResourceInfo } from '../../api/resource.js';
import type { AdmissionChain } from '../admission/chain.js';
import type { AdmissionPlugin } from '../admission/types.js';
import type { FieldSet } from '../selectors/fieldsets.js';
import type { NameRule } from '../validation/names.js';
import type { UserInfo } from '../../api/user.js';
import type { FieldValidation } from '../schema/types.js';
import type { Storage } from '../storage/interface.js';
import type { ResourceCatalog } from './catalog.js';
import type { WatchCache } from '../cache/cacher.js';
import type { ObjectCache } from './objcache.js';
import type { GroupCommitter } from './group-commit.js';

/** One field error: `message` is the full "field: detail" text kube prints. */
export interface FieldCause {
  readonly field: string;
  readonly reason: string;
  readonly detail: string;
  readonly message: string;
}

/** Schema work per kind: pruning, defaulting, validation (apiserver/schema behind it). */
export interface ObjectValidator {
  /** remove unknown fields; returns their paths (e.g. "spec.colour") */
  prune(res: ResourceInfo, obj: KubeObject): string[];
  applyDefaults(res: ResourceInfo, obj: KubeObject): void;
  validate(res: ResourceInfo, obj: KubeObject, old: KubeObject | undefined): FieldCause[];
}

/** Field ownership (apiserver/fieldmanager behind it). */
export interface FieldManager {
  /**
   * record a non-apply write by manager; returns the object with managedFields updated, sharing
   * every value but its top level and metadata with newObj (the caller's own, not read again)
   */
  update(args: {
    res: ResourceInfo;
    oldObj: KubeObject | undefined;
    newObj: KubeObject;
    manager: string;
    subresource: string;
  }): KubeObject;
  /** server-side apply; throws an ApiError (409) on conflicts unless force */
  apply(args: {
    res: ResourceInfo;
    live: KubeObject | undefined;
    applied: KubeObject;
    manager: string;
    force: boolean;
    subresource: string;
  }): KubeObject;
}

/**
 * What is special about one kind (kube's rest.RESTCreateStrategy and its siblings), on top of the
 * generic strategy (strategy.ts); every member is optional. One file per kind in apiserver/kinds/,
 * registered in kinds/index.ts; the generic code asks for it through StoreDeps.hooks.
 */
export interface KindStrategy {
  /** how metadata.name is validated (default: a DNS subdomain) */
  readonly nameRule?: NameRule;
  /** the field selectors the kind supports (default: metadata.name and metadata.namespace) */
  readonly fields?: FieldSet;
  /** its objects stay when their namespace is deleted (the audit trail) */
  readonly outlivesNamespace?: boolean;
  /** an object of the kind owns the namespace of its name (an Organization): audited there */
  readonly ownsNamespace?: boolean;
  /** the kind's own admission, run at one place in the server's chain (kinds/index.ts) */
  readonly admission?: readonly AdmissionPlugin[];
  prepareForCreate?(obj: KubeObject): void;
  /** `subresource`: '' for the object itself, else the subresource written (status, finalize) */
  prepareForUpdate?(obj: KubeObject, old: KubeObject, subresource?: string): void;
  validate?(obj: KubeObject, old: KubeObject | undefined): FieldCause[];
  /**
   * Called on every DELETE request before the object is marked or removed, with the stored object;
   * throw an ApiError to refuse (e.g. a Team that is not empty). Not called for removals that
   * follow the last finalizer.
   */
  beforeDelete?(obj: KubeObject, ctx: { readonly user: UserInfo; readonly dryRun: boolean }): Promise<void>;
  /** 'mark': deleting only sets deletionTimestamp (a controller finishes, e.g. namespaces) */
  deleteMode?(obj: KubeObject): 'mark' | 'delete';
}

export interface StoreDeps {
  readonly storage: Storage;
  readonly admission: AdmissionChain;
  readonly catalog: ResourceCatalog;
  readonly validator: ObjectValidator;
  readonly fieldManager: FieldManager;
  /** the kind's strategy */
  readonly hooks: (res: ResourceInfo) => KindStrategy;
  readonly now: () => Date;
  readonly cache: ObjectCache;
  /** commits every write's transaction; batches the writes charged to one quota record */
  readonly committer: GroupCommitter;
  /** serves gets, lists and watches when present (reads fall back to storage when it cannot) */
  readonly watchCache?: WatchCache;
}

export interface WriteOptions {
  readonly dryRun: boolean;
  readonly fieldManager: string;
  readonly fieldValidation: FieldValidation;
  readonly user: UserInfo;
  readonly subresource: string;
}

export interface WriteResult {
  readonly object: KubeObject;
  /**
   * The object as JSON text, when the write has it without encoding the object again (the text it
   * stored, with metadata.resourceVersion set): the bytes JSON.stringify(object) writes.
   */
  readonly json?: string;
  readonly created: boolean;
  readonly warnings: readonly string[];
}
