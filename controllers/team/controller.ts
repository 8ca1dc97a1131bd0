/** Wires the team controller: Teams, and the namespaces, bindings and groups their status counts. */
import type { KubeObject } from '../../api/meta.js';
import { TEAM_LABEL } from '../../api/tree.js';
import type { Controller } from '../runtime/controller.js';
import type { Manager } from '../runtime/manager.js';
import { AGENTS, GROUPS, NAMESPACES, ROLE_BINDINGS, TEAMS } from '../runtime/resources.js';
import { ancestorNamespaces } from '../orgstructure/members.js';
import type { EventSink, Team } from '../types.js';
import { TeamReconciler } from './reconcile.js';

/** Bursts of binding and group changes: one status recount per team this much later. */
const COALESCE_MS = 500;

export function teamController(mgr: Manager, events: EventSink): Controller {
  const teams = mgr.informer<Team>(TEAMS);
  const namespaces = mgr.informer<KubeObject>(NAMESPACES);
  const controller = mgr.newController('team', new TeamReconciler(mgr.reconcilerDeps(events)), 2);
  const keyOf = (org: string, team: string): string => `${org}/${team}`;
  /** The teams whose subtree holds namespace `ns`: its own team and every ancestor team. */
  const teamsAbove = (ns: KubeObject | undefined): string[] => {
    const org = ns?.metadata.labels?.['orgplane.io/organization'];
    if (!ns || !org) return [];
    const own = ns.metadata.labels?.[TEAM_LABEL];
    const above = ancestorNamespaces(ns)
      .filter((n) => n.startsWith(`${org}-`))
      .map((n) => keyOf(org, n.slice(org.length + 1)));
    return own ? [keyOf(org, own), ...above] : above;
  };
  controller.watch(teams, (t) => {
    const org = t.metadata.namespace ?? '';
    const parent = t.spec?.parent;
    return [keyOf(org, t.metadata.name ?? ''), ...(parent ? [keyOf(org, parent)] : [])];
  });
  controller.watch(namespaces, teamsAbove);
  controller.watch(
    mgr.informer<KubeObject>(AGENTS),
    (a) => teamsAbove(namespaces.get(a.metadata.namespace ?? '')),
    (a, b) => a.metadata.deletionTimestamp !== b.metadata.deletionTimestamp,
    COALESCE_MS,
  );
  controller.watch(
    mgr.informer<KubeObject>(ROLE_BINDINGS),
    (b) => teamsAbove(namespaces.get(b.metadata.namespace ?? '')),
    undefined,
    COALESCE_MS,
  );
  controller.watch(
    mgr.informer<KubeObject>(GROUPS),
    (g) =>
      teams
        .list(g.metadata.namespace ?? '')
        .map((t) => keyOf(g.metadata.namespace ?? '', t.metadata.name ?? '')),
    undefined,
    COALESCE_MS,
  );
  return controller;
}
