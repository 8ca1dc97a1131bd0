/**
 * Runs the orgplane controllers (organization, agent, quota, billing) against any Kubernetes API
 * server — orgplane's own, or a cluster with crds/ applied — through a Transport (the network with
 * a kubeconfig, kube-transport.ts, or in-process for `orgplane up`), leader-elected through a
 * coordination.k8s.io/v1 Lease so that only one replica acts.
 */
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { agentController } from './agent/controller.js';
import { registerBillingController, type BillingConfig } from './billing/index.js';
import { COMPONENT, organizationNamespace } from './names.js';
import { groupController } from './group/controller.js';
import { organizationController } from './organization/controller.js';
import { orgStructureController } from './orgstructure/controller.js';
import { quotaController } from './quota/controller.js';
import { teamController } from './team/controller.js';
import type { ApiClient } from './runtime/client.js';
import { realClock, type Clock } from './runtime/clock.js';
import { CountingClient } from './runtime/counting-client.js';
import { EventRecorder } from './runtime/events.js';
import { KubeClient } from './runtime/kube-client.js';
import type { Logger } from './runtime/logger.js';
import { Manager } from './runtime/manager.js';
import type { Transport } from './runtime/transport.js';

export const DEFAULT_LEASE_NAMESPACE = 'orgplane-system';
export const DEFAULT_LEASE_NAME = 'orgplane-controllers';

export interface RunControllersOptions {
  /**
   * a new connection to the API server (called twice: the controllers' writes and the Lease's go
   * over their own); kubeTransport(kc) over the network, inProcessTransport for `orgplane up`
   */
  readonly connect: () => Transport;
  readonly logger: Logger;
  /** this replica's name in the Lease (default: hostname_uuid) */
  readonly identity?: string;
  /** namespace of the Lease (default orgplane-system; created when missing) */
  readonly leaseNamespace?: string;
  readonly leaseName?: string;
  /** false: act at once without a Lease (a single replica only); default true */
  readonly leaderElect?: boolean;
  /** billing providers (--billing-config); absent: billing reports NotConfigured */
  readonly billingConfig?: BillingConfig;
  readonly clock?: Clock;
  readonly leaseDurationMs?: number;
  readonly renewDeadlineMs?: number;
  readonly retryPeriodMs?: number;
  /** every cached object is reconciled again this often (default 10 minutes) */
  readonly resyncMs?: number;
  /** talk through this client instead of connect's (tests) */
  readonly client?: ApiClient;
  /**
   * how the informers fill their caches: 'watch' for streaming lists (orgplane, or Kubernetes with
   * its WatchList feature), default paged lists (any Kubernetes)
   */
  readonly initialList?: 'watch' | 'list';
}

export interface RunningControllers {
  readonly manager: Manager;
  readonly identity: string;
  /** every request the controllers made to the API server, counted by verb and resource */
  readonly requests: CountingClient;
  /** true while this replica leads and its controllers run */
  isRunning(): boolean;
  /** stops the controllers, then releases the Lease */
  stop(): Promise<void>;
}

export function defaultIdentity(): string {
  return `${hostname()}_${randomUUID()}`;
}

export function runControllers(opts: RunControllersOptions): RunningControllers {
  const identity = opts.identity ?? defaultIdentity();
  const clock = opts.clock ?? realClock;
  const userAgent = `orgplane-controllers/${identity}`;
  const deadline = { of: (): number | undefined => undefined };
  // two connections: the controllers' writes carry the lease's write deadline, the Lease's own do not
  const kubeClients = opts.client
    ? []
    : [
        new KubeClient(opts.connect(), undefined, userAgent, () => deadline.of()),
        new KubeClient(opts.connect(), undefined, userAgent),
      ];
  const [writer, leaser] = kubeClients;
  const requests = new CountingClient(opts.client ?? (writer as KubeClient));
  const client = requests.client;
  const manager = new Manager({
    client,
    ...(leaser ? { leaseClient: requests.counted(leaser) } : {}),
    clock,
    logger: opts.logger,
    resyncMs: opts.resyncMs ?? 10 * 60_000,
    ...(opts.initialList ? { initialList: opts.initialList } : {}),
    ...(opts.leaderElect === false
      ? {}
      : {
          leaderElection: {
            namespace: opts.leaseNamespace ?? DEFAULT_LEASE_NAMESPACE,
            name: opts.leaseName ?? DEFAULT_LEASE_NAME,
            identity,
            ...(opts.leaseDurationMs !== undefined ? { leaseDurationMs: opts.leaseDurationMs } : {}),
            ...(opts.renewDeadlineMs !== undefined ? { renewDeadlineMs: opts.renewDeadlineMs } : {}),
            ...(opts.retryPeriodMs !== undefined ? { retryPeriodMs: opts.retryPeriodMs } : {}),
          },
        }),
  });
  deadline.of = () => manager.writeDeadline();
  const events = new EventRecorder({
    client: manager.client,
    component: COMPONENT,
    instance: identity,
    clock,
    logger: opts.logger,
    homeNamespace: organizationNamespace,
  });
  manager.add(organizationController(manager, events));
  manager.add(agentController(manager, events));
  manager.add(quotaController(manager, events));
  manager.add(teamController(manager, events));
  manager.add(orgStructureController(manager, events));
  manager.add(groupController(manager, events));
  registerBillingController({
    manager,
    events,
    logger: opts.logger,
    ...(opts.billingConfig ? { config: opts.billingConfig } : {}),
  });
  manager.start();
  return {
    manager,
    identity,
    requests,
    isRunning: () => manager.isRunning(),
    stop: async () => {
      await manager.stop();
      for (const k of kubeClients) k.close();
    },
  };
}
