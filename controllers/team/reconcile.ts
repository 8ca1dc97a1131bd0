/**
 * The team controller: keeps a Team's status (namespace, path, depth, phase, members, Ready) from
 * the informer caches, and tears a deleted Team down deepest first: it deletes the child teams and
 * waits until they are gone (each tears down its own subtree), then deletes the team's namespace
 * (the namespace finalizer empties it, honouring the objects' finalizers) and waits until it is
 * gone, then removes the `orgplane.io/team` finalizer.
 */
import type { KubeObject } from '../../api/meta.js';
import type { ApiClient } from '../runtime/client.js';
import type { Clock } from '../runtime/clock.js';
import type { Reconciler, Result } from '../runtime/controller.js';
import { ignoreNotFound, isNotFound } from '../runtime/errors.js';
import { caughtUp, type Listers } from '../runtime/lister.js';
import { countedKeys } from '../quota/count.js';
import { GROUPS, NAMESPACES, ROLE_BINDINGS, TEAMS, splitKey } from '../runtime/resources.js';
import { setFinalizers, updateStatus } from '../runtime/status.js';
import { TEAM_FINALIZER } from '../names.js';
import { groupMembers, membersOf, subtreeNamespaces } from '../orgstructure/members.js';
import type { EventSink, Team } from '../types.js';
import { ancestorsOf, nextTeamStatus, teamNamespace } from './status.js';

export interface TeamReconcilerDeps {
  readonly client: ApiClient;
  readonly events: EventSink;
  readonly clock: Clock;
  /** caches of Teams, Namespaces, RoleBindings and Groups */
  readonly listers: Listers;
  readonly pollMs?: number;
}

export class TeamReconciler implements Reconciler {
  private readonly pollMs: number;

  constructor(private readonly deps: TeamReconcilerDeps) {
    this.pollMs = deps.pollMs ?? 1000;
  }

  async reconcile(key: string): Promise<Result | undefined> {
    try {
      return await this.sync(key);
    } catch (err) {
      if (isNotFound(err)) return undefined; // gone since the cache saw it
      throw err;
    }
  }

  private async sync(key: string): Promise<Result | undefined> {
    const { namespace: org = '', name } = splitKey(key);
    const team = this.deps.listers<Team>(TEAMS).get(name, org);
    if (!team) return undefined;
    const deleting = team.metadata.deletionTimestamp !== undefined;
    const status = nextTeamStatus(
      team,
      {
        ancestors: ancestorsOf(this.deps.listers<Team>(TEAMS), team),
        namespace: this.deps.listers(NAMESPACES).get(teamNamespace(org, name)),
        members: this.members(org, name),
        terminating: deleting,
        ...this.usage(team),
      },
      this.deps.clock.now(),
    );
    const current = await updateStatus(this.deps.client, TEAMS, team, status);
    if (!deleting || !(current.metadata.finalizers ?? []).includes(TEAM_FINALIZER)) return undefined;
    return this.teardown(current);
  }

  /**
   * The subtree's count of each counted key, as the quota controller counts an Organization's: only
   * when the caches hold every change up to the Team's version (admission bumps the Team's usage in
   * each create's transaction), else nothing (the guarded status write keeps admission's usage).
   */
  private usage(team: Team): { usage?: Record<string, number> } {
    const { listers } = this.deps;
    const org = team.metadata.namespace ?? '';
    const keys = countedKeys(team.spec?.quota ?? {});
    const teamsRV = listers(TEAMS).resourceVersion();
    const inStep = keys.every(([, res]) => {
      const rv = listers(res).resourceVersion();
      return caughtUp(rv, team.metadata.resourceVersion) && caughtUp(teamsRV, rv);
    });
    if (!inStep) return {};
    const namespaces = subtreeNamespaces(listers(NAMESPACES), teamNamespace(org, team.metadata.name ?? ''));
    return {
      usage: Object.fromEntries(
        keys.map(([key, res]) => [key, namespaces.reduce((n, ns) => n + listers(res).list(ns).length, 0)]),
      ),
    };
  }

  private members(org: string, name: string): number {
    const namespaces = subtreeNamespaces(this.deps.listers(NAMESPACES), teamNamespace(org, name));
    const bindings = namespaces.flatMap((ns) => this.deps.listers<KubeObject>(ROLE_BINDINGS).list(ns));
    return membersOf(bindings, groupMembers(this.deps.listers<KubeObject>(GROUPS).list(org))).size;
  }

  private async teardown(team: Team): Promise<Result | undefined> {
    const { client, listers } = this.deps;
    const org = team.metadata.namespace ?? '';
    const name = team.metadata.name ?? '';
    const children = listers<Team>(TEAMS)
      .list(org)
      .filter((t) => t.spec?.parent === name);
    for (const child of children) {
      if (child.metadata.deletionTimestamp !== undefined) continue;
      await client.delete(TEAMS, child.metadata.name ?? '', org).catch(ignoreNotFound);
    }
    if (children.length > 0) return { requeueAfter: this.pollMs };
    const nsName = teamNamespace(org, name);
    const ns = listers(NAMESPACES).get(nsName);
    if (ns) {
      if (ns.metadata.deletionTimestamp === undefined) {
        await client.delete(NAMESPACES, nsName).catch(ignoreNotFound);
        this.deps.events.event(team, 'Normal', 'NamespaceDeleted', `Deleting namespace ${nsName}`);
      }
      return { requeueAfter: this.pollMs };
    }
    await setFinalizers(
      client,
      TEAMS,
      team,
      (team.metadata.finalizers ?? []).filter((f) => f !== TEAM_FINALIZER),
    );
    return undefined;
  }
}
