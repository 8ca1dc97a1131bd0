/** What an Organization asks of billing: its customer record, providers and recorded ids. */
import { BILLING_PROVIDERS, type Organization } from '../../api/organization.js';
import { BILLING_FINALIZER } from '../names.js';
import type { CustomerSpec, ProviderName } from './provider.js';

export { BILLING_FINALIZER };
export const BILLING_CONDITION = 'BillingSynced';

/** status.billing field holding each provider's customer id. */
export const ID_FIELD: Record<ProviderName, 'lagoCustomerId' | 'stripeCustomerId'> = {
  lago: 'lagoCustomerId',
  stripe: 'stripeCustomerId',
};

export function customerSpec(org: Organization): CustomerSpec {
  const name = org.metadata.name ?? '';
  const display = org.spec?.displayName;
  const email = org.spec?.billing?.email;
  const plan = org.spec?.plan;
  return {
    uid: org.metadata.uid ?? '',
    orgName: name,
    name: display !== undefined && display !== '' ? display : name,
    ...(email !== undefined && email !== '' ? { email } : {}),
    ...(plan !== undefined && plan !== '' ? { plan } : {}),
  };
}

/** spec.billing.providers, known names only, in a stable order. */
export function requestedProviders(org: Organization): ProviderName[] {
  const asked = new Set<string>(org.spec?.billing?.providers ?? []);
  return BILLING_PROVIDERS.filter((p) => asked.has(p));
}

export function recordedId(org: Organization, p: ProviderName): string | undefined {
  const id = org.status?.billing?.[ID_FIELD[p]];
  return id === undefined || id === '' ? undefined : id;
}

export function hasFinalizer(org: Organization): boolean {
  return (org.metadata.finalizers ?? []).includes(BILLING_FINALIZER);
}
