/**
 * The billing controller, registered with a Manager: reconciles every Organization (shared
 * informer) with the providers named in the billing configuration. It runs without a
 * configuration too: then every Organization asking for billing reports NotConfigured, and a
 * lingering finalizer is still removed on deletion.
 */
import type { Organization } from '../../api/organization.js';
import { findStatusCondition } from '../runtime/conditions.js';
import { Controller } from '../runtime/controller.js';
import type { Logger } from '../runtime/logger.js';
import type { Manager } from '../runtime/manager.js';
import { viewChanged } from '../runtime/relevance.js';
import { ORGANIZATIONS } from '../runtime/resources.js';
import type { BillingConfig } from './config.js';
import { BILLING_CONDITION } from './customer.js';
import { lagoProvider } from './lago.js';
import type { BillingProvider, ProviderName } from './provider.js';
import type { EventSink } from '../types.js';
import { BillingReconciler } from './reconciler.js';
import { stripeProvider } from './stripe.js';

export { loadBillingConfig, type BillingConfig } from './config.js';

export interface BillingControllerOptions {
  readonly manager: Manager;
  readonly events: EventSink;
  /** from loadBillingConfig(--billing-config FILE); absent: no provider configured */
  readonly config?: BillingConfig;
  readonly logger?: Logger;
  readonly workers?: number;
  /** called when a provider revealed a new customer id, before it is written (crash tests) */
  readonly beforeRecord?: (provider: ProviderName, id: string) => void;
}

export function billingProviders(
  config: BillingConfig | undefined,
): Partial<Record<ProviderName, BillingProvider>> {
  return {
    ...(config?.lago ? { lago: lagoProvider(config.lago) } : {}),
    ...(config?.stripe ? { stripe: stripeProvider(config.stripe) } : {}),
  };
}

/**
 * Each provider call first asks `check` (the manager's lease fence): a deposed leader must not
 * call a provider either. The calls are idempotent, so this is about not acting, not duplicates.
 */
function fenced(
  providers: Partial<Record<ProviderName, BillingProvider>>,
  check: () => void,
): Partial<Record<ProviderName, BillingProvider>> {
  const out: Partial<Record<ProviderName, BillingProvider>> = {};
  for (const [name, p] of Object.entries(providers) as [ProviderName, BillingProvider][])
    out[name] = {
      name: p.name,
      sync: (c, knownId, record) => {
        check();
        return p.sync(c, knownId, record);
      },
      remove: (c, knownId) => {
        check();
        return p.remove(c, knownId);
      },
    };
  return out;
}

/** What billing reads of an Organization: other controllers' status writes (usage, phase) are not its business. */
const billingView = viewChanged((o: Organization) => [
  o.metadata.generation,
  o.metadata.deletionTimestamp,
  o.metadata.finalizers,
  o.status?.billing,
  findStatusCondition(o.status?.conditions, BILLING_CONDITION),
]);

/** Build the billing controller and add it to the manager (call before manager.start()). */
export function registerBillingController(opts: BillingControllerOptions): Controller {
  const { manager } = opts;
  const reconciler = new BillingReconciler({
    client: manager.client,
    providers: fenced(billingProviders(opts.config), () => {
      manager.checkLeadership();
    }),
    events: opts.events,
    clock: manager.clock,
    logger: opts.logger ?? manager.logger,
    ...(opts.beforeRecord ? { beforeRecord: opts.beforeRecord } : {}),
  });
  const controller = new Controller({
    name: 'billing',
    reconciler,
    workers: opts.workers ?? 4,
    clock: manager.clock,
    logger: opts.logger ?? manager.logger,
  });
  controller.watch(manager.informer<Organization>(ORGANIZATIONS), undefined, billingView);
  manager.add(controller);
  return controller;
}
