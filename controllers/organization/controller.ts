/** Wires the organization controller: Organizations, and the namespaces named after them. */
import type { KubeObject } from '../../api/meta.js';
import { findStatusCondition } from '../runtime/conditions.js';
import type { Controller } from '../runtime/controller.js';
import type { Manager } from '../runtime/manager.js';
import { viewChanged } from '../runtime/relevance.js';
import { AGENTS, NAMESPACES, ORGANIZATIONS, ROLE_BINDINGS } from '../runtime/resources.js';
import type { EventSink, Organization } from '../types.js';
import { OrganizationReconciler } from './reconcile.js';

/** What the organization reconciler reads of an Organization (not others' usage, quota or billing status). */
const ownView = viewChanged((o: Organization) => [
  o.metadata.generation,
  o.metadata.deletionTimestamp,
  o.metadata.finalizers,
  o.status?.phase,
  o.status?.observedGeneration,
  findStatusCondition(o.status?.conditions, 'Ready'),
]);

export function organizationController(mgr: Manager, events: EventSink): Controller {
  const orgs = mgr.informer<Organization>(ORGANIZATIONS);
  const controller = mgr.newController(
    'organization',
    new OrganizationReconciler(mgr.reconcilerDeps(events)),
    2,
  );
  // teardown reads what is left of an organization from these caches
  mgr.informer(AGENTS);
  mgr.informer(ROLE_BINDINGS);
  controller.watch(orgs, undefined, ownView);
  controller.watch(mgr.informer<KubeObject>(NAMESPACES), (ns) => {
    const name = ns.metadata.name ?? '';
    return orgs.get(name) ? [name] : [];
  });
  return controller;
}
