/**
 * Fills an organization up to `total` agents straight into storage, bypassing the API (the server
 * is stopped): each new Agent is a copy of one the server itself stored (created through the API
 * and reconciled by the controllers), with its own name and uid, under the same key layout
 * (apiserver/registry/keys.ts) and encoding (registry/codec.ts). The Organization's recorded
 * quota usage is set to the new count, as exact quota admission would have left it.
 */
import { randomUUID } from 'node:crypto';
import type { KubeObject } from '../../api/meta.js';
import { ORGANIZATION_KEY_PREFIX } from '../../apiserver/admission-plugins/quota.js';
import { encode } from '../../apiserver/storage/codec.js';
import { listPrefix, objectKey } from '../../apiserver/registry/keys.js';
import type { Storage, TxnOp } from '../../apiserver/storage/interface.js';

const AGENTS = { group: 'orgplane.io', plural: 'agents', namespaced: true } as const;
const BATCH = 500;

async function template(storage: Storage, org: string): Promise<KubeObject> {
  const { items } = await storage.list(listPrefix(AGENTS, org), { limit: 200 });
  const objs = items.map((kv) => JSON.parse(kv.value) as KubeObject);
  const ready = objs.find((o) => (o.status as { phase?: string } | undefined)?.phase === 'Ready');
  const t = ready ?? objs[0];
  if (t === undefined) throw new Error(`no agent of ${org} in storage to copy`);
  delete t.metadata.annotations;
  return t;
}

/** Adds agents hold-<i> until org holds total; returns how many it added. */
export async function seedAgents(storage: Storage, org: string, total: number): Promise<number> {
  const have = await storage.count(listPrefix(AGENTS, org));
  const base = await template(storage, org);
  let added = 0;
  for (let i = have; i < total; i += BATCH) {
    const ops: TxnOp[] = [];
    for (let j = i; j < Math.min(total, i + BATCH); j++) {
      const name = `hold-${j}`;
      const obj: KubeObject = { ...base, metadata: { ...base.metadata, name, uid: randomUUID() } };
      ops.push({ type: 'put', key: objectKey(AGENTS, org, name), value: encode(obj) });
    }
    await storage.txn({ compares: [], success: ops });
    added += ops.length;
  }
  // the server is stopped while seeding: one read and a guarded write set the usage count
  const orgKey = ORGANIZATION_KEY_PREFIX + org;
  const kv = await storage.get(orgKey);
  const o = JSON.parse(kv?.value ?? '{}') as KubeObject & { status?: { usage?: Record<string, number> } };
  o.status = { ...o.status, usage: { ...o.status?.usage, agents: have + added } };
  const r = await storage.txn({
    compares: [{ key: orgKey, target: 'modRevision', op: '=', value: kv?.modRevision ?? 0 }],
    success: [{ type: 'put', key: orgKey, value: JSON.stringify(o) }],
  });
  if (!r.succeeded) throw new Error(`organization ${org} changed while seeding`);
  return added;
}
