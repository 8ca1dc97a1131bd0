import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { embeddedBackend } from '../../../test/support/embedded-backend.js';
import { invalidRequest } from '../errors.js';
import type { Storage, TxnRequest, TxnResult } from '../interface.js';
import { DEPTH, TxnCoalescer } from './coalesce.js';

/** Txns run on a real store (etcd's compare semantics), held in flight until released. */
interface Gate {
  readonly calls: TxnRequest[];
  hold(): void;
  release(): void;
  fail: ((req: TxnRequest) => Error | undefined) | undefined;
}

const backend = embeddedBackend();
let store: Storage;
let gate: Gate;
let txns: TxnCoalescer;

beforeEach(async () => {
  store = await backend.open();
  let open = true;
  let held: (() => void)[] = [];
  gate = {
    calls: [],
    hold: () => {
      open = false;
    },
    release: () => {
      open = true;
      const waiting = held;
      held = [];
      for (const r of waiting) r();
    },
    fail: undefined,
  };
  txns = new TxnCoalescer(async (req) => {
    gate.calls.push(req);
    if (!open) await new Promise<void>((r) => held.push(r));
    const err = gate.fail?.(req);
    if (err) throw err;
    return store.txn(req);
  });
});

afterEach(() => backend.cleanup());

const put = (key: string, value = 'v'): TxnRequest => ({
  compares: [],
  success: [{ type: 'put', key, value }],
});
const settle = (): Promise<void> => new Promise((r) => setImmediate(r));

/** DEPTH transactions on keys of their own, held in flight. */
async function fillInFlight(): Promise<Promise<TxnResult>[]> {
  gate.hold();
  const first = Array.from({ length: DEPTH }, (_, i) => txns.txn(put(`/held/${String(i)}`)));
  await settle();
  expect(gate.calls).toHaveLength(DEPTH);
  return first;
}

describe('TxnCoalescer', () => {
  it('sends the first transactions alone and those that arrive meanwhile as one Txn at one revision', async () => {
    const first = await fillInFlight();
    const later = ['/a', '/b', '/c'].map((k) => txns.txn(put(k, `value of ${k}`)));
    await settle();
    expect(gate.calls).toHaveLength(DEPTH);
    gate.release();
    await Promise.all(first);
    const results = await Promise.all(later);
    expect(gate.calls).toHaveLength(DEPTH + 1);
    expect(gate.calls[DEPTH]?.success.map((op) => op.key)).toEqual(['/a', '/b', '/c']);
    const revision = results[0]?.revision;
    for (const [i, r] of results.entries()) {
      const key = ['/a', '/b', '/c'][i] ?? '';
      expect(r).toEqual({
        succeeded: true,
        revision,
        results: [
          expect.objectContaining({ key, value: `value of ${key}`, modRevision: revision, version: 1 }),
        ],
      });
      expect((await store.get(key))?.value).toBe(`value of ${key}`);
    }
  });

  it('keeps transactions on one key in separate Txns, in the order they came', async () => {
    const first = await fillInFlight();
    const one = txns.txn(put('/k', 'one'));
    const two = txns.txn(put('/k', 'two'));
    const other = txns.txn({
      compares: [{ key: '/k', target: 'modRevision', op: '>', value: -1 }],
      success: [{ type: 'put', key: '/j', value: 'j' }],
    });
    gate.release();
    await Promise.all([...first, one, two, other]);
    const keysOf = (req: TxnRequest | undefined): string[] => [
      ...(req?.compares.map((c) => c.key) ?? []),
      ...(req?.success.map((op) => op.key) ?? []),
    ];
    const joint = gate.calls.slice(DEPTH);
    for (const call of joint) expect(new Set(keysOf(call)).size).toBe(keysOf(call).length);
    expect((await one).revision).toBeLessThan((await two).revision);
    expect((await store.get('/k'))?.value).toBe('two');
  });

  it('answers failed only the transactions whose own compares failed; the others commit', async () => {
    const stale = (await store.txn(put('/x'))).revision;
    await store.txn(put('/x', 'newer'));
    const first = await fillInFlight();
    const lost = txns.txn({
      compares: [{ key: '/x', target: 'modRevision', op: '=', value: stale }],
      success: [{ type: 'put', key: '/x', value: 'lost' }],
    });
    const fresh = txns.txn({
      compares: [{ key: '/y', target: 'createRevision', op: '=', value: 0 }],
      success: [{ type: 'put', key: '/y', value: 'created' }],
    });
    gate.release();
    await Promise.all(first);
    expect(await lost).toMatchObject({ succeeded: false, results: [] });
    expect(await fresh).toMatchObject({ succeeded: true });
    expect((await store.get('/x'))?.value).toBe('newer');
    expect((await store.get('/y'))?.value).toBe('created');
  });

  it('fails every transaction of a Txn that errors (its outcome is unknown)', async () => {
    const first = await fillInFlight();
    const a = txns.txn(put('/ea'));
    const b = txns.txn(put('/eb'));
    gate.fail = (req) => (req.success.length > 1 ? new Error('etcd unavailable') : undefined);
    gate.release();
    await Promise.all(first);
    await expect(a).rejects.toThrow('etcd unavailable');
    await expect(b).rejects.toThrow('etcd unavailable');
  });

  it('fails only the malformed transaction of a joint Txn refused as malformed', async () => {
    const first = await fillInFlight();
    const good = txns.txn(put('/good'));
    const bad = expect(txns.txn(put('/bad'))).rejects.toThrow('malformed');
    gate.fail = (req) =>
      req.success.some((op) => op.key === '/bad') ? invalidRequest('/bad', 'malformed') : undefined;
    gate.release();
    await Promise.all(first);
    expect(await good).toMatchObject({ succeeded: true });
    await bad;
    expect(gate.calls.slice(DEPTH).map((c) => c.success.length)).toEqual([2, 1, 1]);
  });

  it('sends a transaction with a failure branch alone at once', async () => {
    const first = await fillInFlight();
    const own = txns.txn({ ...put('/f'), failure: [{ type: 'get', key: '/f' }] });
    await settle();
    expect(gate.calls).toHaveLength(DEPTH + 1);
    gate.release();
    await Promise.all([...first, own]);
    expect((await own).succeeded).toBe(true);
  });
  it("keeps a joint Txn within etcd's request limits", async () => {
    const first = await fillInFlight();
    const big = 'x'.repeat(700 * 1024);
    const many = (prefix: string): TxnRequest => ({
      compares: [],
      success: Array.from({ length: 60 }, (_, i) => ({
        type: 'put',
        key: `${prefix}${String(i)}`,
        value: 'v',
      })),
    });
    const writes = [
      txns.txn(put('/big/1', big)),
      txns.txn(put('/big/2', big)),
      txns.txn(many('/m/')),
      txns.txn(many('/n/')),
    ];
    gate.release();
    await Promise.all([...first, ...writes]);
    for (const call of gate.calls.slice(DEPTH)) {
      expect(call.success.length).toBeLessThanOrEqual(100);
      const bytes = call.success.reduce((n, op) => n + (op.type === 'put' ? op.value.length : 0), 0);
      expect(bytes).toBeLessThanOrEqual(1 << 20);
    }
    expect((await store.get('/n/59'))?.value).toBe('v');
  });
});
