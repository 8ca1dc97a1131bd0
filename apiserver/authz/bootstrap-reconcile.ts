/**
 * Reconciles the bootstrap RBAC policy at every start (kube-apiserver's rbac/bootstrap-roles
 * post-start hook): missing roles and bindings are created, missing rules and subjects added
 * back, user additions kept, `autoupdate: "false"` objects skipped. Writes go through the
 * registry as system:apiserver (system:masters), so they are ordinary objects: admission,
 * validation, managedFields, watch events. Several servers starting at once converge: a lost
 * race (AlreadyExists, Conflict, NotFound) re-reads and tries again.
 */
import type winston from 'winston';
import { RBAC_GROUP } from '../../api/builtin/rbac.js';
import type { KubeObject } from '../../api/meta.js';
import type { UserInfo } from '../../api/user.js';
import { isApiError } from '../errors/status.js';
import type { Registry } from '../registry/registry.js';
import type { Store } from '../registry/store.js';
import type { WriteOptions } from '../registry/types.js';
import { bootstrapPolicy, type BootstrapPolicy } from './bootstrap-policy.js';
import { MASTERS_GROUP } from './masters.js';
import { autoupdateDisabled, reconcileBinding, reconcileRole, type Reconciled } from './reconcile.js';

export const BOOTSTRAP_USER: UserInfo = {
  username: 'system:apiserver',
  groups: [MASTERS_GROUP, 'system:authenticated'],
};
const FIELD_MANAGER = 'orgplane-rbac-bootstrap';
const ATTEMPTS = 10;

export interface BootstrapResult {
  /** "clusterroles/<name>" etc. */
  readonly created: string[];
  readonly updated: string[];
  /** opted out with autoupdate "false" */
  readonly skipped: string[];
  /** highest resourceVersion written (0 when nothing changed): pass to Rbac.waitFor */
  readonly revision: number;
}

export interface BootstrapOptions {
  readonly policy?: BootstrapPolicy;
  readonly logger?: winston.Logger;
}

const writeOpts: WriteOptions = {
  dryRun: false,
  fieldManager: FIELD_MANAGER,
  fieldValidation: 'Ignore',
  user: BOOTSTRAP_USER,
  subresource: '',
};

const retriable = (err: unknown): boolean => isApiError(err) && (err.code === 409 || err.code === 404);

const rvOf = (obj: KubeObject): number => Number(obj.metadata.resourceVersion ?? '0') || 0;

type Outcome = 'created' | 'updated' | 'skipped' | 'unchanged';

async function ensureOnce(
  store: Store,
  expected: KubeObject,
  reconcile: (existing: KubeObject, expected: KubeObject) => Reconciled,
): Promise<{ outcome: Outcome; revision: number }> {
  const name = expected.metadata.name ?? '';
  const existing = await store.get('', name).catch((err: unknown) => {
    if (isApiError(err) && err.code === 404) return undefined;
    throw err;
  });
  if (!existing) {
    const r = await store.create('', structuredClone(expected), writeOpts);
    return { outcome: 'created', revision: rvOf(r.object) };
  }
  if (autoupdateDisabled(existing)) return { outcome: 'skipped', revision: 0 };
  const next = reconcile(existing, expected);
  if (!next.changed) return { outcome: 'unchanged', revision: 0 };
  if (next.recreate) {
    await store.delete({
      namespace: '',
      name,
      dryRun: false,
      user: BOOTSTRAP_USER,
      preconditions: { uid: existing.metadata.uid ?? '' },
    });
    const r = await store.create('', next.object, writeOpts);
    return { outcome: 'updated', revision: rvOf(r.object) };
  }
  const r = await store.update('', name, next.object, writeOpts);
  return { outcome: 'updated', revision: rvOf(r.object) };
}

async function ensure(
  store: Store,
  expected: KubeObject,
  reconcile: (existing: KubeObject, expected: KubeObject) => Reconciled,
): Promise<{ outcome: Outcome; revision: number }> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await ensureOnce(store, expected, reconcile);
    } catch (err) {
      if (!retriable(err) || attempt >= ATTEMPTS) throw err;
    }
  }
}

function storeFor(registry: Registry, plural: string): Store {
  const res = registry.catalog.lookup(RBAC_GROUP, 'v1', plural);
  if (!res) throw new Error(`${plural}.${RBAC_GROUP}/v1 is not served`);
  return registry.store(res);
}

/** Create or bring up to date every bootstrap ClusterRole, then every ClusterRoleBinding. */
export async function reconcileBootstrapPolicy(
  registry: Registry,
  opts: BootstrapOptions = {},
): Promise<BootstrapResult> {
  const policy = opts.policy ?? bootstrapPolicy();
  const result: BootstrapResult = { created: [], updated: [], skipped: [], revision: 0 };
  let revision = 0;
  const work: [string, readonly KubeObject[], typeof reconcileRole][] = [
    ['clusterroles', policy.clusterRoles, reconcileRole],
    ['clusterrolebindings', policy.clusterRoleBindings, reconcileBinding],
  ];
  for (const [plural, objects, reconcile] of work) {
    const store = storeFor(registry, plural);
    for (const obj of objects) {
      const { outcome, revision: rv } = await ensure(store, obj, reconcile);
      const id = `${plural}/${obj.metadata.name ?? ''}`;
      if (outcome === 'created') result.created.push(id);
      else if (outcome === 'updated') result.updated.push(id);
      else if (outcome === 'skipped') result.skipped.push(id);
      revision = Math.max(revision, rv);
    }
  }
  if (result.created.length + result.updated.length > 0)
    opts.logger?.info('RBAC bootstrap policy reconciled', {
      created: result.created,
      updated: result.updated,
    });
  return { ...result, revision };
}
