/**
 * Billing of the organization: the customer IDs in Lago and Stripe (status.billing) and their sync
 * state, the BillingSynced condition the billing controller writes (Synced, NotConfigured,
 * ProviderUnavailable, RateLimited, Rejected), and whether the last pushed generation is current.
 */
import type { JSX } from 'preact';
import type { OrgObject } from './org-types';

/** Whether the providers have the object's current generation. */
function pushedText(synced: number | undefined, generation: number | undefined): string {
  if (synced === undefined) return 'never synced';
  if (synced === generation) return 'up to date';
  return `generation ${String(synced)} of ${String(generation ?? '?')}`;
}

export function BillingSummary({ org }: { readonly org: OrgObject }): JSX.Element {
  const billing = org.status?.billing;
  const cond = org.status?.conditions?.find((c) => c.type === 'BillingSynced');
  return (
    <dl class="facts">
      <dt>Lago customer</dt>
      <dd>{billing?.lagoCustomerId ? <code>{billing.lagoCustomerId}</code> : 'none'}</dd>
      <dt>Stripe customer</dt>
      <dd>{billing?.stripeCustomerId ? <code>{billing.stripeCustomerId}</code> : 'none'}</dd>
      <dt>Sync</dt>
      <dd>
        {cond ? (
          <span class={`condition-${cond.status.toLowerCase()}`}>
            {cond.status === 'True' ? 'Synced' : 'Not synced'} ({cond.reason ?? 'no reason'})
          </span>
        ) : (
          'not reported yet'
        )}
        {cond?.message ? <span class="subtle"> {cond.message}</span> : null}
      </dd>
      <dt>Pushed</dt>
      <dd>{pushedText(billing?.syncedGeneration, org.metadata.generation)}</dd>
    </dl>
  );
}
