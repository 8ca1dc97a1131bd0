/**
 * The storage contract, modelled on k8s.io/apiserver storage.Interface. It knows keys, bytes and
 * revisions only: no HTTP, no kinds, no auth. Every backend (etcd, embedded) passes the one
 * conformance suite in test/integration/storage-conformance.test.ts.
 *
 * Revisions: one cluster-wide counter, starting at 1 on an empty store, bumped by exactly one per
 * successful write transaction (a txn that writes several keys gives them all the same revision).
 * Reads and failed compares do not bump it. Every expected failure is a StorageError (errors.ts).
 */

/** A stored key-value pair with its MVCC bookkeeping. */
export interface KeyValue {
  readonly key: string;
  readonly value: string;
  /** revision of the write that created this incarnation of the key */
  readonly createRevision: number;
  /** revision of the last write to the key (kube's resourceVersion) */
  readonly modRevision: number;
  /** writes to this incarnation of the key, 1 on create */
  readonly version: number;
  /** the lease the key is attached to, 0 when none */
  readonly lease: LeaseId;
  /**
   * true when the value was read through a value transformer that would store it differently now
   * (encrypted with a key that no longer writes): a write of the same object must still rewrite it
   */
  readonly stale?: true;
}

/** 0 means "no lease". */
export type LeaseId = number;

export interface ListOptions {
  /** read as of this revision (0 or absent: the current revision); compacted → Expired */
  readonly revision?: number;
  /** at most this many items (0 or absent: all) */
  readonly limit?: number;
  /** start strictly after this key (paging); must lie under the prefix */
  readonly continueAfter?: string;
}

export interface ListResult {
  readonly items: readonly KeyValue[];
  /** the revision the list was read at; pass it back with continueAfter for the next page */
  readonly revision: number;
  /** true when more keys under the prefix follow the last item */
  readonly more: boolean;
}

/** A key and the revision of its last write, without its value. */
export interface KeyRevision {
  readonly key: string;
  readonly modRevision: number;
}

export interface RevisionList {
  readonly items: readonly KeyRevision[];
  /** as ListResult's */
  readonly revision: number;
  readonly more: boolean;
}

export interface PutOptions {
  /** attach the key to this lease: it is deleted (with a delete event) when the lease expires */
  readonly lease?: LeaseId;
}

export interface DeleteOptions {
  /** fail with Conflict unless the key's modRevision equals this */
  readonly expectedRevision?: number;
}

export interface DeleteResult {
  /** the key as it was just before the delete */
  readonly prev: KeyValue;
  /** the revision of the delete itself */
  readonly revision: number;
}

export type WatchEventType = 'create' | 'update' | 'delete';

export interface WatchEvent {
  readonly type: WatchEventType;
  readonly key: string;
  /** revision at which the event happened (for delete: the delete's revision) */
  readonly revision: number;
  /** create/update: the new KeyValue; delete: the KeyValue just before the delete */
  readonly kv: KeyValue;
  /** update: the previous KeyValue when the backend knows it */
  readonly prev?: KeyValue;
}

export interface WatchOptions {
  /**
   * Deliver every event with revision > fromRevision, in revision order, with no gap and no
   * duplicate. 0 or absent: from now. A compacted fromRevision ends the watch with Expired.
   */
  readonly fromRevision?: number;
  /**
   * First deliver the current state under the prefix as 'create' events (at the revision read),
   * then changes after it (kube's resourceVersion=0 / sendInitialEvents). Ignores fromRevision.
   */
  readonly initialState?: boolean;
  /**
   * Events buffered for a consumer that is not reading; past it the watch ends with Expired
   * ("fell behind, relist") instead of growing memory. Default 10000.
   */
  readonly maxBuffered?: number;
  /**
   * false: events need not carry previous states (no `prev` on updates; a delete's kv may carry
   * only its key and revision, value ''), for a consumer that keeps every object itself. On etcd
   * each previous state costs the server a read of its history per event. Default true.
   */
  readonly prevStates?: boolean;
}

/**
 * A running watch. Iterate it to receive events; the iteration ends when stop() is called and
 * throws a StorageError (Expired, Unavailable) when the backend ends the watch.
 */
export interface Watcher extends AsyncIterable<WatchEvent> {
  stop(): void;
}

export type CompareTarget = 'modRevision' | 'createRevision' | 'version' | 'value';
export type CompareOp = '=' | '!=' | '<' | '>';

/** A txn guard. A missing key has modRevision, createRevision and version 0 and no value. */
export interface Compare {
  readonly key: string;
  readonly target: CompareTarget;
  readonly op: CompareOp;
  readonly value: number | string;
}

export type TxnOp =
  | { readonly type: 'put'; readonly key: string; readonly value: string; readonly lease?: LeaseId }
  | { readonly type: 'delete'; readonly key: string }
  | { readonly type: 'get'; readonly key: string };

export interface TxnRequest {
  readonly compares: readonly Compare[];
  /** run atomically, at one new revision, when every compare holds */
  readonly success: readonly TxnOp[];
  /** run (atomically) when some compare fails; usually 'get's to learn why */
  readonly failure?: readonly TxnOp[];
}

export interface TxnResult {
  readonly succeeded: boolean;
  /** the revision after the txn (the new one when it wrote) */
  readonly revision: number;
  /**
   * One entry per op of the branch that ran: put → the KeyValue written; delete → the KeyValue
   * before deletion (undefined if it did not exist); get → the KeyValue or undefined.
   */
  readonly results: readonly (KeyValue | undefined)[];
}

export interface Storage {
  /** Which backend this is, for logs and metrics: 'etcd' | 'embedded'. */
  readonly name: string;

  /** The current value of key (or as of opts.revision), undefined when absent. */
  get(key: string, opts?: { readonly revision?: number }): Promise<KeyValue | undefined>;

  /** Keys under prefix in key order, consistent at one revision across pages. */
  list(prefix: string, opts?: ListOptions): Promise<ListResult>;

  /** Number of keys under prefix at the current revision. */
  count(prefix: string): Promise<number>;

  /** Create key; KeyExists when it is present. Returns the stored KeyValue. */
  create(key: string, value: string, opts?: PutOptions): Promise<KeyValue>;

  /** Delete key with preconditions. KeyNotFound when absent; Conflict when expectedRevision differs. */
  delete(key: string, opts?: DeleteOptions): Promise<DeleteResult>;

  /** Watch every key under prefix (see WatchOptions for ordering and history). */
  watch(prefix: string, opts?: WatchOptions): Watcher;

  /** Several puts/deletes/gets atomically, guarded by compares. */
  txn(req: TxnRequest): Promise<TxnResult>;

  /** The latest revision of the store. */
  currentRevision(): Promise<number>;

  /** Discard history before revision: reads and watches below it then fail with Expired. */
  compact(revision: number): Promise<void>;

  /** The oldest revision still readable (compacted revision, 0 if never compacted). */
  compactedRevision(): Promise<number>;

  /** A lease of ttlSeconds; keys put with it vanish (delete events) when it expires. */
  grantLease(ttlSeconds: number): Promise<LeaseId>;

  /** Drop a lease now, deleting its keys. Unknown lease: no-op. */
  revokeLease(id: LeaseId): Promise<void>;

  /** Release connections and files; pending watchers end. */
  close(): Promise<void>;

  /**
   * Optional, for a store whose values stay in a memory-mapped file (the embedded store): the
   * value key was written with at revision rev (its modRevision then), read synchronously, or
   * undefined when that version is no longer stored (compacted past). Where it exists, the watch
   * cache keeps each object's key and revision and reads its text from here when asked, instead of
   * holding every text in the heap.
   */
  valueAt?(key: string, rev: number): string | undefined;

  /**
   * Optional, beside valueAt: list's keys and modRevisions (same options, pages and errors) with no
   * value read, for a cache that keeps only where each value is.
   */
  listRevisions?(prefix: string, opts?: ListOptions): Promise<RevisionList>;
}
