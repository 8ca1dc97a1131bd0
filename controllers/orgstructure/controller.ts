/**
 * Wires the organization structure controller: Organizations, and the Teams, Groups, RoleBindings,
 * Namespaces and OrganizationTemplates its work reads, each mapped to its organization.
 */
import type { KubeObject } from '../../api/meta.js';
import { ORGANIZATION_LABEL } from '../../api/tree.js';
import type { Controller } from '../runtime/controller.js';
import type { Manager } from '../runtime/manager.js';
import { viewChanged } from '../runtime/relevance.js';
import * as kinds from '../runtime/resources.js';
import type { EventSink, Organization } from '../types.js';
import { OrgStructureReconciler } from './reconcile.js';

const COALESCE_MS = 500;

/** What the reconciler reads of an Organization: spec, deletion, template and its counts. */
const ownView = viewChanged((o: Organization) => [
  o.metadata.generation,
  o.metadata.deletionTimestamp,
  o.status?.template,
  o.status?.members,
  o.status?.teams,
  o.status?.conditions?.find((c) => c.type === 'TemplateApplied'),
]);

export function orgStructureController(mgr: Manager, events: EventSink): Controller {
  const orgs = mgr.informer<Organization>(kinds.ORGANIZATIONS);
  const namespaces = mgr.informer<KubeObject>(kinds.NAMESPACES);
  const controller = mgr.newController(
    'orgstructure',
    new OrgStructureReconciler(mgr.reconcilerDeps(events)),
    2,
  );
  mgr.informer(kinds.ORGANIZATION_TEMPLATES);
  const orgOfNamespace = (ns: string): string[] => {
    const org = namespaces.get(ns)?.metadata.labels?.[ORGANIZATION_LABEL] ?? ns;
    return orgs.get(org) ? [org] : [];
  };
  const inNamespace = (obj: KubeObject): string[] => orgOfNamespace(obj.metadata.namespace ?? '');
  controller.watch(orgs, undefined, ownView);
  controller.watch(namespaces, (ns) => orgOfNamespace(ns.metadata.name ?? ''));
  controller.watch(mgr.informer<KubeObject>(kinds.TEAMS), inNamespace, undefined, COALESCE_MS);
  controller.watch(mgr.informer<KubeObject>(kinds.GROUPS), inNamespace, undefined, COALESCE_MS);
  controller.watch(mgr.informer<KubeObject>(kinds.ROLE_BINDINGS), inNamespace, undefined, COALESCE_MS);
  return controller;
}
