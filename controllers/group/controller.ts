/**
 * The group controller: keeps each Group's status.members (the number of distinct members) and
 * observedGeneration, from the Group informer.
 */
import type { Controller, Reconciler, Result } from '../runtime/controller.js';
import { isNotFound } from '../runtime/errors.js';
import type { Manager, ReconcilerDeps } from '../runtime/manager.js';
import { GROUPS, splitKey } from '../runtime/resources.js';
import { updateStatus } from '../runtime/status.js';
import type { EventSink, Group } from '../types.js';

export class GroupReconciler implements Reconciler {
  constructor(private readonly deps: Pick<ReconcilerDeps<EventSink>, 'client' | 'listers'>) {}

  async reconcile(key: string): Promise<Result | undefined> {
    const { namespace, name } = splitKey(key);
    const group = this.deps.listers<Group>(GROUPS).get(name, namespace);
    if (!group || group.metadata.deletionTimestamp !== undefined) return undefined;
    const generation = group.metadata.generation;
    try {
      await updateStatus(this.deps.client, GROUPS, group, {
        ...(group.status ?? {}),
        members: new Set(group.spec?.members ?? []).size,
        ...(generation !== undefined ? { observedGeneration: generation } : {}),
      });
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
    return undefined;
  }
}

export function groupController(mgr: Manager, events: EventSink): Controller {
  const controller = mgr.newController('group', new GroupReconciler(mgr.reconcilerDeps(events)), 1);
  controller.watch(mgr.informer<Group>(GROUPS));
  return controller;
}
