/**
 * The organization controller: keeps an Organization's finalizer, namespace and status (phase
 * Active | Suspended | Terminating, Ready condition, observedGeneration); a deleted Organization
 * goes through the ordered teardown first. Reads from the informer caches (a stale read makes the
 * guarded write conflict and the key retry); writes only what changed.
 */
import type { ApiClient } from '../runtime/client.js';
import type { Clock } from '../runtime/clock.js';
import type { Reconciler, Result } from '../runtime/controller.js';
import type { Listers } from '../runtime/lister.js';
import { ORGANIZATIONS } from '../runtime/resources.js';
import { setFinalizers, updateStatus } from '../runtime/status.js';
import { TEARDOWN_FINALIZER } from '../names.js';
import type { EventSink, Organization } from '../types.js';
import { ensureNamespace } from './namespace.js';
import { nextStatus, type ReadyInput } from './status.js';
import { teardown } from './teardown.js';

export interface OrganizationReconcilerDeps {
  readonly client: ApiClient;
  readonly events: EventSink;
  readonly clock: Clock;
  /** the caches of Organizations, Namespaces, Agents and RoleBindings */
  readonly listers: Listers;
  /** how often to look again while waiting (namespace terminating, teardown steps) */
  readonly pollMs?: number;
}

export class OrganizationReconciler implements Reconciler {
  private readonly pollMs: number;

  constructor(private readonly deps: OrganizationReconcilerDeps) {
    this.pollMs = deps.pollMs ?? 1000;
  }

  async reconcile(name: string): Promise<Result | undefined> {
    const { client } = this.deps;
    let org = this.deps.listers<Organization>(ORGANIZATIONS).get(name);
    if (!org) return undefined;
    if (org.metadata.deletionTimestamp !== undefined)
      return teardown({ ...this.deps, pollMs: this.pollMs }, org);
    const finalizers = org.metadata.finalizers ?? [];
    if (!finalizers.includes(TEARDOWN_FINALIZER))
      org = await setFinalizers(client, ORGANIZATIONS, org, [...finalizers, TEARDOWN_FINALIZER]);

    const ns = await ensureNamespace(this.deps, org);
    const suspended = org.spec?.suspended === true;
    const phase = suspended ? 'Suspended' : 'Active';
    const ready: ReadyInput = !ns.ready
      ? { status: 'False', reason: ns.reason, message: ns.message }
      : suspended
        ? { status: 'False', reason: 'Suspended', message: 'the organization is suspended (spec.suspended)' }
        : { status: 'True', reason: 'Active', message: `namespace ${name} is active` };
    const before = org.status?.phase;
    await updateStatus(client, ORGANIZATIONS, org, nextStatus(org, phase, ready, this.deps.clock.now()));
    if (before === undefined && ns.ready && ns.how === 'existing')
      this.deps.events.event(
        org,
        'Normal',
        'NamespaceCreated',
        `Namespace ${name} created with the organization`,
      );
    if (before !== phase) this.recordPhase(org, before, phase);
    return ns.ready ? undefined : { requeueAfter: this.pollMs };
  }

  private recordPhase(org: Organization, before: string | undefined, phase: 'Active' | 'Suspended'): void {
    if (phase === 'Suspended')
      this.deps.events.event(org, 'Normal', 'OrganizationSuspended', 'Organization suspended');
    else if (before === 'Suspended')
      this.deps.events.event(org, 'Normal', 'OrganizationResumed', 'Organization resumed');
    else this.deps.events.event(org, 'Normal', 'OrganizationActive', 'Organization is active');
  }
}
