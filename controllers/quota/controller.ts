/**
 * Wires the quota controller: Organizations, and the Agents and RoleBindings counted against them,
 * all read from the manager's shared informers.
 */
import type { KubeObject } from '../../api/meta.js';
import type { Controller } from '../runtime/controller.js';
import type { Manager } from '../runtime/manager.js';
import { AGENTS, NAMESPACES, ORGANIZATIONS, ROLE_BINDINGS } from '../runtime/resources.js';
import { ORGANIZATION_LABEL } from '../../api/tree.js';
import { QUOTA_SUSPENDED_ANNOTATION } from '../names.js';
import type { EventSink, Organization } from '../types.js';
import { QuotaReconciler } from './reconcile.js';

/** An Agent change that matters to quota: deletion starting, or its suspension mark. */
function affectsQuota(a: KubeObject, b: KubeObject): boolean {
  return (
    a.metadata.deletionTimestamp !== b.metadata.deletionTimestamp ||
    a.metadata.annotations?.[QUOTA_SUSPENDED_ANNOTATION] !==
      b.metadata.annotations?.[QUOTA_SUSPENDED_ANNOTATION]
  );
}

/** An Organization change to act on at once: its spec (quota) or its deletion. */
function specChanged(a: Organization, b: Organization): boolean {
  return (
    a.metadata.generation !== b.metadata.generation ||
    a.metadata.deletionTimestamp !== b.metadata.deletionTimestamp
  );
}

/** A change of the usage of record (admission's bumps): coalesced, see COALESCE_MS. */
function usageChanged(a: Organization, b: Organization): boolean {
  return JSON.stringify(a.status?.usage) !== JSON.stringify(b.status?.usage);
}

/**
 * Usage bumps and counted objects' changes come in bursts (one per create): they are acted on
 * this much later, once per organization, instead of once per create.
 */
export const COALESCE_MS = 1000;

export function quotaController(mgr: Manager, events: EventSink): Controller {
  const orgs = mgr.informer<Organization>(ORGANIZATIONS);
  const controller = mgr.newController('quota', new QuotaReconciler(mgr.reconcilerDeps(events)), 2);
  controller.watch(orgs, undefined, specChanged);
  controller.watch(orgs, undefined, usageChanged, COALESCE_MS);
  const namespaces = mgr.informer<KubeObject>(NAMESPACES);
  /** the organization of an object's namespace: named by its label in a team namespace */
  const toOrg = (obj: KubeObject): string[] => {
    const ns = obj.metadata.namespace ?? '';
    const org = namespaces.get(ns)?.metadata.labels?.[ORGANIZATION_LABEL] ?? ns;
    return orgs.get(org) ? [org] : [];
  };
  controller.watch(mgr.informer<KubeObject>(AGENTS), toOrg, affectsQuota, COALESCE_MS);
  controller.watch(mgr.informer<KubeObject>(ROLE_BINDINGS), toOrg, () => false, COALESCE_MS);
  return controller;
}
