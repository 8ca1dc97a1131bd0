import type { ICompare, IKeyValue, IRequestOp, IResponseOp } from 'etcd3';
import { invalidRequest } from '../errors.js';
import type { Compare, KeyValue, TxnOp, TxnRequest, TxnResult } from '../interface.js';
import type { EtcdRpc } from './client.js';
import { bytes, num, toKeyValue } from './convert.js';
import { checkCount } from './reads.js';

const RESULT = { '=': 'Equal', '!=': 'NotEqual', '<': 'Less', '>': 'Greater' } as const;

/** proto-loader leaves unset message fields null, whatever etcd3's typings say. */
export const present = (kv: IKeyValue | null | undefined): KeyValue | undefined =>
  kv === null || kv === undefined ? undefined : toKeyValue(kv);

function toCompare(c: Compare): ICompare {
  const base = { key: bytes(c.key), result: RESULT[c.op] };
  if (c.target === 'value') {
    if (typeof c.value !== 'string') throw invalidRequest(c.key, 'a value compare needs a string');
    return { ...base, target: 'Value', value: bytes(c.value) };
  }
  const n = typeof c.value === 'number' ? c.value : Number.NaN;
  if (!Number.isSafeInteger(n)) throw invalidRequest(c.key, `a ${c.target} compare needs an integer`);
  switch (c.target) {
    case 'modRevision':
      return { ...base, target: 'Mod', mod_revision: n };
    case 'createRevision':
      return { ...base, target: 'Create', create_revision: n };
    case 'version':
      return { ...base, target: 'Version', version: n };
  }
}

function toRequestOp(op: TxnOp): IRequestOp {
  const key = bytes(op.key);
  switch (op.type) {
    case 'put': {
      const lease = checkCount(op.key, 'lease', op.lease);
      return { request_put: { key, value: bytes(op.value), lease, prev_kv: true } };
    }
    case 'delete':
      return { request_delete_range: { key, prev_kv: true } };
    case 'get':
      return { request_range: { key } };
  }
}

function toResult(op: TxnOp, res: IResponseOp | undefined, revision: number): KeyValue | undefined {
  switch (op.type) {
    case 'put': {
      const prev = present(res?.response_put.prev_kv);
      const lease = op.lease ?? 0;
      return prev === undefined
        ? { key: op.key, value: op.value, createRevision: revision, modRevision: revision, version: 1, lease }
        : { ...prev, value: op.value, modRevision: revision, version: prev.version + 1, lease };
    }
    case 'delete':
      return present(res?.response_delete_range.prev_kvs[0]);
    case 'get':
      return present(res?.response_range.kvs[0]);
  }
}

/** Run a guarded multi-key transaction; its writes all get the one new revision. */
export async function runTxn(rpc: EtcdRpc, req: TxnRequest): Promise<TxnResult> {
  const failure = req.failure ?? [];
  const key = req.success[0]?.key ?? req.compares[0]?.key ?? '';
  const request = {
    compare: req.compares.map(toCompare),
    success: req.success.map(toRequestOp),
    failure: failure.map(toRequestOp),
  };
  const res = await rpc.write(key, (c) => c.kv.txn(request));
  const revision = num(res.header.revision);
  const ops = res.succeeded ? req.success : failure;
  return {
    succeeded: res.succeeded,
    revision,
    results: ops.map((op, i) => toResult(op, res.responses[i], revision)),
  };
}
