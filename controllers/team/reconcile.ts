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
import type { Listers } from '../runtime/lister.js';
import { countOf, CountSource } from '../quota/count.js';
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
  private readonly counts: CountSource;

  constructor(private readonly deps: TeamReconcilerDeps) {
    this.pollMs = deps.pollMs ?? 1000;
    this.counts = new CountSource(deps);
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
    if (!team) {
      this.counts.forget(key);
      return undefined;
    }
    const deleting = team.metadata.deletionTimestamp !== undefined;
    const { retryMs, ...usage } = await this.usage(team);
    const status = nextTeamStatus(
      team,
      {
        ancestors: ancestorsOf(this.deps.listers<Team>(TEAMS), team),
        namespace: this.deps.listers(NAMESPACES).get(teamNamespace(org, name)),
        members: this.members(org, name),
        terminating: deleting,
        ...usage,
      },
      this.deps.clock.now(),
    );
    const current = await updateStatus(this.deps.client, TEAMS, team, status);
    const retry = retryMs === undefined ? undefined : { requeueAfter: retryMs };
    if (!deleting || !(current.metadata.finalizers ?? []).includes(TEAM_FINALIZER)) return retry;
    return (await this.teardown(current)) ?? retry;
  }

  /**
   * The subtree's count of each counted key (CountSource: from the caches when they are in step with
   * the Team, which admission bumps in each create's transaction; else from the server after a
   * grace period), or nothing yet, with the delay after which to try again.
   */
  private async usage(team: Team): Promise<{ usage?: Record<string, number>; retryMs?: number }> {
    const org = team.metadata.namespace ?? '';
    const quota = team.spec?.quota ?? {};
    const objects = await this.counts.readRecord({
      resource: TEAMS,
      id: `${org}/${team.metadata.name ?? ''}`,
      resourceVersion: team.metadata.resourceVersion,
      quota,
      usage: team.status?.usage ?? {},
      namespaces: subtreeNamespaces(
        this.deps.listers(NAMESPACES),
        teamNamespace(org, team.metadata.name ?? ''),
      ),
    });
    return objects ? { usage: countOf(objects, quota) } : { retryMs: this.counts.graceMs };
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
