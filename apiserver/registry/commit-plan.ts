/**
 * One batch of writes charged to quota records, planned against the records' states: which
 * writes fit (each checked against the usage the writes before it left), which are refused, and
 * the one storage transaction that commits the admitted ones with the records' new usage.
 */
import type { KubeObject } from '../../api/meta.js';
import type { QuotaCharge } from '../admission/types.js';
import { decode, encode } from '../storage/codec.js';
import type { Compare, KeyValue, TxnOp, TxnRequest } from '../storage/interface.js';
import { applyCharge, limitOf, recordedUsage, withUsage, type Counts } from './quota-usage.js';

export interface CommitMember {
  readonly compares: readonly Compare[];
  /** the member's own write first: its result is the member's result */
  readonly ops: readonly TxnOp[];
  readonly charges: readonly QuotaCharge[];
}

export type CommitOutcome =
  | { readonly committed: true; readonly revision: number; readonly first: KeyValue | undefined }
  | { readonly committed: false };

/**
 * A record as last read or written (`obj` undefined when the key is absent), or as a write still
 * in flight will leave it: then `predicted` holds the bytes that write stores, and the next
 * transaction guards on them (compare-and-swap on the value: it holds only if that write landed
 * and nothing else wrote the record since).
 */
export interface RecordState {
  readonly kv: KeyValue | undefined;
  readonly obj: KubeObject | undefined;
  readonly predicted?: string;
}

export function recordState(kv: KeyValue | undefined): RecordState {
  return { kv, obj: kv ? decode(kv) : undefined };
}

export interface Plan<M extends { readonly member: CommitMember }> {
  readonly admitted: M[];
  readonly refused: { readonly item: M; readonly error: Error }[];
  /** records whose state must be read from storage before a refusal may be given */
  readonly unconfirmed: Set<string>;
  /** new usage per record written */
  readonly usage: Map<string, Counts>;
}

/**
 * Check each member's charges in order. A refusal on a record not `confirmed` (read from storage
 * in this batch) is not given: the record goes into `unconfirmed` for a re-read.
 */
export async function plan<M extends { readonly member: CommitMember }>(
  items: readonly M[],
  states: ReadonlyMap<string, RecordState>,
  confirmed: ReadonlySet<string>,
): Promise<Plan<M>> {
  const p: Plan<M> = { admitted: [], refused: [], unconfirmed: new Set(), usage: new Map() };
  for (const item of items) {
    const updates: [string, string, number][] = [];
    let refusal: Error | undefined;
    for (const c of item.member.charges) {
      const rec = states.get(c.record)?.obj;
      const limit = rec ? limitOf(rec, c.usageKey) : undefined;
      if (!rec || limit === undefined) continue;
      const current = p.usage.get(c.record)?.[c.usageKey] ?? recordedUsage(rec, c.usageKey);
      const out = await applyCharge(c, limit, current);
      if (out.refused) {
        if (!confirmed.has(c.record)) p.unconfirmed.add(c.record);
        refusal = out.refused;
        break;
      }
      if (out.value !== undefined) updates.push([c.record, c.usageKey, out.value]);
    }
    if (refusal) {
      p.refused.push({ item, error: refusal });
      continue;
    }
    for (const [record, key, value] of updates) p.usage.set(record, { ...p.usage.get(record), [key]: value });
    p.admitted.push(item);
  }
  return p;
}

export const compareId = (c: Compare): string =>
  `${c.key}\u0000${c.target}\u0000${c.op}\u0000${String(c.value)}`;

/** What a transaction must find a record as, to rely on the state the batch was planned on. */
function recordGuards(key: string, st: RecordState | undefined): Compare[] {
  if (st?.predicted === undefined)
    return [{ key, target: 'modRevision', op: '=', value: st?.kv?.modRevision ?? 0 }];
  return [
    { key, target: 'createRevision', op: '=', value: st.kv?.createRevision ?? 0 },
    { key, target: 'value', op: '=', value: st.predicted },
  ];
}

/** The records' new bytes, from the usage the plan left. */
export function recordWrites(
  states: ReadonlyMap<string, RecordState>,
  usage: ReadonlyMap<string, Counts>,
): Map<string, { readonly value: string; readonly obj: KubeObject }> {
  const out = new Map<string, { readonly value: string; readonly obj: KubeObject }>();
  for (const [key, counts] of usage) {
    const st = states.get(key);
    if (!st?.obj) continue;
    const obj = withUsage(st.obj, counts);
    out.set(key, { value: encode(obj), obj });
  }
  return out;
}

/** The batch's transaction; a failure reads back every compared key to tell what changed. */
export function batchTxn(
  admitted: readonly CommitMember[],
  records: readonly string[],
  states: ReadonlyMap<string, RecordState>,
  writes: ReadonlyMap<string, { readonly value: string }>,
): TxnRequest {
  const compares = new Map<string, Compare>();
  for (const key of records)
    for (const c of recordGuards(key, states.get(key))) compares.set(compareId(c), c);
  for (const m of admitted) for (const c of m.compares) compares.set(compareId(c), c);
  const success: TxnOp[] = admitted.flatMap((m) => m.ops);
  for (const [key, w] of writes) success.push({ type: 'put', key, value: w.value });
  const keys = new Set([...compares.values()].map((c) => c.key));
  return {
    compares: [...compares.values()],
    success,
    failure: [...keys].map((key) => ({ type: 'get', key })),
  };
}
