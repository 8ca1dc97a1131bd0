/**
 * Admission attributes and plugins (k8s.io/apiserver/pkg/admission). Mutating plugins run first,
 * then validating ones; either may refuse by throwing an ApiError. Plugins may contribute storage
 * compares and ops that commit atomically with the object write (exact quota, namespace of an
 * organization); when such a compare fails the whole admission + write is retried.
 */
import type { KubeObject } from '../../api/meta.js';
import type { ResourceInfo } from '../../api/resource.js';
import type { UserInfo } from '../../api/user.js';
import type { Compare, TxnOp } from '../storage/interface.js';

export type Operation = 'CREATE' | 'UPDATE' | 'DELETE';

/**
 * One object counted against a quota record: a stored object (an Organization) whose
 * `spec.quota[usageKey]` caps and `status.usage[usageKey]` counts the objects charged to it.
 * The registry applies charges when it commits, in the same transaction as the object, and
 * batches the concurrent writes charged to one record into one transaction.
 */
export interface QuotaCharge {
  /** storage key of the record */
  readonly record: string;
  readonly usageKey: string;
  /** +1 for a create, -1 for a delete (usage never goes below 0) */
  readonly delta: 1 | -1;
  /** the number of stored objects the record counts, when its usage is not recorded yet */
  readonly count: () => Promise<number>;
  /** the refusal of a create that would take usage past the limit */
  readonly exceeded: (used: number, limit: number) => Error;
}

/** Extra storage work committed in the same transaction as the object write. */
export interface TxnContribution {
  readonly compares: Compare[];
  readonly ops: TxnOp[];
  readonly charges: QuotaCharge[];
}

export interface Attributes {
  readonly operation: Operation;
  readonly resource: ResourceInfo;
  readonly subresource: string;
  readonly namespace: string;
  readonly name: string;
  /** the object to be stored (CREATE/UPDATE); mutating plugins may change it */
  readonly object: KubeObject | undefined;
  /** the stored object (UPDATE/DELETE) */
  readonly oldObject: KubeObject | undefined;
  readonly user: UserInfo;
  readonly dryRun: boolean;
  readonly txn: TxnContribution;
  /** warnings for the HTTP Warning header */
  readonly warnings: string[];
}

export interface AdmissionPlugin {
  readonly name: string;
  handles(a: Attributes): boolean;
  /** mutate a.object in place, or throw an ApiError */
  admit?(a: Attributes): Promise<void> | void;
  /** check without mutating, or throw an ApiError */
  validate?(a: Attributes): Promise<void> | void;
}
