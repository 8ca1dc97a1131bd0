/**
 * Ordered teardown of a deleted Organization, one step per reconcile until done:
 * 1. delete its Agents and wait until they are gone; 2. the same for its RoleBindings;
 * 3. wait for the billing controller to drop `orgplane.io/billing` (if present);
 * 4. delete the namespace and wait until it is gone (the API server keeps the AuditEvents);
 * 5. remove `orgplane.io/teardown`, letting the Organization go.
 * What is left is read from the informer caches (indexed by namespace).
 */
import type { KubeObject } from '../../api/meta.js';
import type { ApiClient } from '../runtime/client.js';
import type { Clock } from '../runtime/clock.js';
import type { Result } from '../runtime/controller.js';
import { ignoreNotFound } from '../runtime/errors.js';
import type { Listers } from '../runtime/lister.js';
import { AGENTS, NAMESPACES, ORGANIZATIONS, ROLE_BINDINGS, type ResourceType } from '../runtime/resources.js';
import { setFinalizers, updateStatus } from '../runtime/status.js';
import { BILLING_FINALIZER, TEARDOWN_FINALIZER } from '../names.js';
import type { EventSink, Organization } from '../types.js';
import { nextStatus } from './status.js';

export interface TeardownDeps {
  readonly client: ApiClient;
  readonly events: EventSink;
  readonly clock: Clock;
  readonly listers: Listers;
  readonly pollMs: number;
}

/** Deletes every object of res in ns; returns how many still exist (deleted or being deleted). */
async function deleteAll(deps: TeardownDeps, res: ResourceType, ns: string): Promise<number> {
  const { client } = deps;
  const items = deps.listers<KubeObject>(res).list(ns);
  for (const obj of items) {
    if (obj.metadata.deletionTimestamp !== undefined) continue;
    await client
      .delete(res, obj.metadata.name ?? '', ns, { propagationPolicy: 'Background' })
      .catch(ignoreNotFound);
  }
  return items.length;
}

/** The step still in progress, or undefined once only the finalizer is left to remove. */
async function pendingStep(deps: TeardownDeps, org: Organization): Promise<string | undefined> {
  const { client, events } = deps;
  const name = org.metadata.name ?? '';
  const agents = await deleteAll(deps, AGENTS, name);
  if (agents > 0) return `waiting for ${agents} agent(s) to be deleted`;
  const bindings = await deleteAll(deps, ROLE_BINDINGS, name);
  if (bindings > 0) return `waiting for ${bindings} role binding(s) to be deleted`;
  if ((org.metadata.finalizers ?? []).includes(BILLING_FINALIZER))
    return 'waiting for the billing customers to be removed';
  const ns = deps.listers(NAMESPACES).get(name);
  if (!ns) return undefined;
  if (ns.metadata.deletionTimestamp === undefined) {
    await client.delete(NAMESPACES, name).catch(ignoreNotFound);
    events.event(org, 'Normal', 'NamespaceDeleted', `Deleting namespace ${name}`);
  }
  return `waiting for namespace ${name} to be deleted`;
}

export async function teardown(deps: TeardownDeps, org: Organization): Promise<Result | undefined> {
  const { client, events } = deps;
  const finalizers = org.metadata.finalizers ?? [];
  if (!finalizers.includes(TEARDOWN_FINALIZER)) return undefined;
  if (org.status?.phase !== 'Terminating')
    events.event(
      org,
      'Normal',
      'TeardownStarted',
      'Deleting the organization: agents, role bindings, namespace',
    );
  const step = await pendingStep(deps, org);
  const message = step ?? 'teardown complete';
  const status = nextStatus(
    org,
    'Terminating',
    { status: 'False', reason: 'Terminating', message },
    deps.clock.now(),
  );
  const current = await updateStatus(client, ORGANIZATIONS, org, status);
  if (step !== undefined) return { requeueAfter: deps.pollMs };
  await setFinalizers(
    client,
    ORGANIZATIONS,
    current,
    finalizers.filter((f) => f !== TEARDOWN_FINALIZER),
  );
  events.event(org, 'Normal', 'TeardownComplete', 'Organization resources removed');
  return undefined;
}
