/** Wires the agent controller: Agents, and their Organization's suspension, phase and deletion. */
import type { Controller } from '../runtime/controller.js';
import type { Manager } from '../runtime/manager.js';
import { AGENTS, objectKey, ORGANIZATIONS } from '../runtime/resources.js';
import type { Agent, EventSink, Organization } from '../types.js';
import { AgentReconciler } from './reconcile.js';

/** An Organization change that can change its agents' phase. */
function affectsAgents(a: Organization, b: Organization): boolean {
  return (
    a.spec?.suspended !== b.spec?.suspended ||
    a.status?.phase !== b.status?.phase ||
    a.metadata.deletionTimestamp !== b.metadata.deletionTimestamp
  );
}

export function agentController(mgr: Manager, events: EventSink): Controller {
  const agents = mgr.informer<Agent>(AGENTS);
  const controller = mgr.newController('agent', new AgentReconciler(mgr.reconcilerDeps(events)), 4);
  controller.watch(agents);
  controller.watch(
    mgr.informer<Organization>(ORGANIZATIONS),
    (org) => agents.list(org.metadata.name ?? '').map(objectKey),
    affectsAgents,
  );
  return controller;
}
