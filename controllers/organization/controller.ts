/** Wires the organization controller: Organizations, and the namespaces named after them. */
import type { KubeObject } from '../../api/meta.js';
import { Controller } from '../runtime/controller.js';
import type { Manager } from '../runtime/manager.js';
import { NAMESPACES, ORGANIZATIONS } from '../runtime/resources.js';
import type { EventSink, Organization } from '../types.js';
import { OrganizationReconciler } from './reconcile.js';

export function organizationController(mgr: Manager, events: EventSink): Controller {
  const orgs = mgr.informer<Organization>(ORGANIZATIONS);
  const controller = new Controller({
    name: 'organization',
    reconciler: new OrganizationReconciler({ client: mgr.client, events, clock: mgr.clock }),
    workers: 2,
    clock: mgr.clock,
    logger: mgr.logger,
  });
  controller.watch(orgs);
  controller.watch(mgr.informer<KubeObject>(NAMESPACES), (ns) => {
    const name = ns.metadata.name ?? '';
    return orgs.get(name) ? [name] : [];
  });
  return controller;
}
