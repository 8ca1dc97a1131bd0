/**
 * Deletion of an Organization carrying orgplane.io/billing: delete its customer in every
 * provider it has one in (a recorded id, or a provider it asked for: an id may be unrecorded
 * after a crash), then remove the finalizer. A missing customer counts as deleted. A customer in a
 * provider this controller is not configured for is left in place with a Warning Event rather
 * than blocking the deletion forever.
 */
import { BILLING_PROVIDERS, type Organization } from '../../api/organization.js';
import type { ApiClient } from '../runtime/client.js';
import { isNotFound } from '../runtime/errors.js';
import type { EventSink } from '../types.js';
import { BILLING_FINALIZER, customerSpec, hasFinalizer, recordedId, requestedProviders } from './customer.js';
import { ProviderError, type BillingProvider, type ProviderName } from './provider.js';
import { updateFinalizers } from './writes.js';

/** What deleting the customers needs: the API, the configured providers, and where Events go. */
export interface FinalizeDeps {
  readonly client: ApiClient;
  /** the configured providers; a provider absent here is not used */
  readonly providers: Partial<Record<ProviderName, BillingProvider>>;
  readonly events: EventSink;
}

/** Resolves with the provider failures (empty: the finalizer is gone). */
export async function finalizeBilling(deps: FinalizeDeps, org: Organization): Promise<ProviderError[]> {
  if (!hasFinalizer(org)) return [];
  const spec = customerSpec(org);
  const requested = requestedProviders(org);
  const failures: ProviderError[] = [];
  const deleted: string[] = [];
  for (const p of BILLING_PROVIDERS) {
    const known = recordedId(org, p);
    if (known === undefined && !requested.includes(p)) continue;
    const provider = deps.providers[p];
    if (!provider) {
      if (known !== undefined)
        deps.events.event(
          org,
          'Warning',
          'BillingFailed',
          `${p} customer ${known} left in place: ${p} is not configured`,
        );
      continue;
    }
    try {
      await provider.remove(spec, known);
      deleted.push(p);
    } catch (err) {
      if (!(err instanceof ProviderError)) throw err;
      failures.push(err);
    }
  }
  if (failures.length > 0) {
    deps.events.event(
      org,
      'Warning',
      'BillingFailed',
      `deleting customers: ${failures.map((f) => f.message).join('; ')}`,
    );
    return failures;
  }
  try {
    await updateFinalizers(deps.client, org, (f) => f.filter((x) => x !== BILLING_FINALIZER));
  } catch (err) {
    if (!isNotFound(err)) throw err;
  }
  if (deleted.length > 0)
    deps.events.event(org, 'Normal', 'BillingCustomerDeleted', `Customer deleted from ${deleted.join(', ')}`);
  return [];
}
