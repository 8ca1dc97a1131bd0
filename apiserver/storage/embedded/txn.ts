/**
 * Multi-key transactions: compares evaluated against the state inside the write transaction,
 * then one branch's ops applied at one revision (only if the branch writes).
 */
import { compareHolds } from '../compare.js';
import { invalidRequest } from '../errors.js';
import type { KeyValue, TxnOp, TxnRequest, TxnResult } from '../interface.js';
import { validateKey, validateLease } from './keys.js';
import type { Mutation } from './mutation.js';
import type { WriteOp } from './ops.js';

const NUMERIC_TARGETS = new Set(['modRevision', 'createRevision', 'version']);
const OPS = new Set(['=', '!=', '<', '>']);

/** Rejects malformed requests before they reach the writer. */
export function validateTxn(req: TxnRequest): void {
  for (const c of req.compares) {
    validateKey(c.key);
    const target: string = c.target;
    const op: string = c.op;
    if (!OPS.has(op)) throw invalidRequest(c.key, `unknown compare op ${op}`);
    const numeric = NUMERIC_TARGETS.has(target);
    if (!numeric && target !== 'value') throw invalidRequest(c.key, `unknown compare target ${target}`);
    if (numeric !== (typeof c.value === 'number')) {
      throw invalidRequest(c.key, `compare on ${c.target} needs a ${numeric ? 'number' : 'string'}`);
    }
  }
  validateBranch(req.success);
  validateBranch(req.failure ?? []);
}

function validateBranch(ops: readonly TxnOp[]): void {
  const written = new Set<string>();
  for (const op of ops) {
    validateKey(op.key);
    const type: string = op.type;
    if (type === 'get') continue;
    if (type !== 'put' && type !== 'delete') throw invalidRequest(op.key, `unknown txn op ${type}`);
    if (op.type === 'put') {
      if (typeof op.value !== 'string') throw invalidRequest(op.key, 'put value must be a string');
      validateLease(op.key, op.lease ?? 0);
    }
    if (written.has(op.key)) throw invalidRequest(op.key, `duplicate key ${op.key} in txn`);
    written.add(op.key);
  }
}

export function txnOp(req: TxnRequest): WriteOp<TxnResult> {
  return {
    apply(m: Mutation) {
      const succeeded = req.compares.every((c) => compareHolds(c, m.current(c.key)));
      const ops = succeeded ? req.success : (req.failure ?? []);
      for (const op of ops) {
        if (op.type === 'put' && !m.leaseExists(op.lease ?? 0)) {
          throw invalidRequest(op.key, `lease ${op.lease ?? 0} not found`);
        }
      }
      const results = ops.map((op) => runOp(m, op));
      return { succeeded, revision: m.changed ? m.rev : m.rev - 1, results };
    },
  };
}

function runOp(m: Mutation, op: TxnOp): KeyValue | undefined {
  switch (op.type) {
    case 'put':
      return m.put(op.key, op.value, op.lease ?? 0);
    case 'delete':
      return m.delete(op.key);
    case 'get':
      return m.current(op.key);
  }
}
