/**
 * Wires the agent controller: Agents; their Organization's suspension, phase and deletion (an
 * organization's agents are those of every namespace of its tree); and the
 * Secrets and ConfigMaps their spec.env references. The latter are cached as key names only
 * (keysOnly) and mapped to their dependent agents through a RefIndex kept from the Agent informer,
 * so a new, changed or deleted Secret enqueues exactly the agents that reference it.
 */
import type { Controller } from '../runtime/controller.js';
import type { Informer } from '../runtime/informer.js';
import type { Manager } from '../runtime/manager.js';
import type { KubeObject } from '../../api/meta.js';
import { organizationNamespaces } from '../orgstructure/members.js';
import {
  AGENTS,
  CONFIG_MAPS,
  NAMESPACES,
  objectKey,
  ORGANIZATIONS,
  SECRETS,
  splitKey,
} from '../runtime/resources.js';
import type { Agent, EventSink, Organization } from '../types.js';
import { keysOnly, sameKeys, type ConfigObject } from './config.js';
import { AgentReconciler } from './reconcile.js';
import { envRefs, RefIndex, type ConfigKind } from './refs.js';

/** An Organization change that can change its agents' phase. */
function affectsAgents(a: Organization, b: Organization): boolean {
  return (
    a.spec?.suspended !== b.spec?.suspended ||
    a.status?.phase !== b.status?.phase ||
    a.metadata.deletionTimestamp !== b.metadata.deletionTimestamp
  );
}

/** Keeps `index` equal to what the cached agents reference. */
function indexAgents(agents: Informer<Agent>, index: RefIndex): void {
  const put = (a: Agent): void => {
    index.set(objectKey(a), a.metadata.namespace ?? '', envRefs(a));
  };
  agents.addHandler({
    add: put,
    update: (_, a) => {
      put(a);
    },
    delete: (a) => {
      index.delete(objectKey(a));
    },
  });
}

/**
 * Agents come in bursts of thousands and each reconcile is one status write waiting on storage's
 * commit: 16 in flight keep a burst's backlog short (Ready sooner, and fewer commits per agent).
 */
const AGENT_WORKERS = 16;

export function agentController(mgr: Manager, events: EventSink): Controller {
  const agents = mgr.informer<Agent>(AGENTS);
  const index = new RefIndex();
  indexAgents(agents, index);
  const controller = mgr.newController(
    'agent',
    new AgentReconciler(mgr.reconcilerDeps(events)),
    AGENT_WORKERS,
  );
  controller.watch(agents);
  const namespaces = mgr.informer<KubeObject>(NAMESPACES);
  controller.watch(
    mgr.informer<Organization>(ORGANIZATIONS),
    (org) =>
      organizationNamespaces(namespaces, org.metadata.name ?? '').flatMap((ns) =>
        agents.list(ns).map(objectKey),
      ),
    affectsAgents,
  );
  // an agent deleted while the informers were stopped (leadership lost) gets no delete event: its
  // entries are dropped here, the first time they name an agent the cache no longer holds
  const dependents = (kind: ConfigKind) => (obj: ConfigObject) =>
    index.of(obj.metadata.namespace ?? '', kind, obj.metadata.name ?? '').filter((key) => {
      const { namespace, name } = splitKey(key);
      if (agents.get(name, namespace)) return true;
      index.delete(key);
      return false;
    });
  controller.watch(
    mgr.informer<ConfigObject>(SECRETS, keysOnly),
    dependents('Secret'),
    (a, b) => !sameKeys(a, b),
  );
  controller.watch(
    mgr.informer<ConfigObject>(CONFIG_MAPS, keysOnly),
    dependents('ConfigMap'),
    (a, b) => !sameKeys(a, b),
  );
  return controller;
}
