/** The organization's Overview tab: conditions, quota usage, billing customer IDs and their sync state, events. */
import type { JSX } from 'preact';
import { ConditionList } from '../../components/ConditionList';
import { ErrorBanner } from '../../components/ErrorBanner';
import { UsageBar } from '../../components/UsageBar';
import { quotaUses } from '../organization-status';
import type { SectionProps } from './section';
import { BillingSummary } from './org-billing';
import { OrgEvents } from './org-events-list';
import { useOrganization } from './org-live';

export function OverviewSection({ org }: SectionProps): JSX.Element {
  const { object, error, loading } = useOrganization(org);
  if (loading) return <p role="status">Loading…</p>;
  if (!object) return <ErrorBanner error={error ?? `No organization named ${org}`} />;
  const uses = quotaUses(object);
  const unquoted = Object.entries(object.status?.usage ?? {}).filter(
    ([k]) => !(k in (object.spec?.quota ?? {})),
  );
  return (
    <div class="overview">
      <section aria-labelledby="ov-usage">
        <h3 id="ov-usage">Quota usage</h3>
        {uses.length === 0 ? (
          <p class="muted">No quota set: every resource is unlimited.</p>
        ) : (
          <div class="usage-list">
            {uses.map((u) => (
              <UsageBar key={u.key} label={u.key} used={u.used} max={u.max} />
            ))}
          </div>
        )}
        {unquoted.length > 0 && (
          <p class="subtle">Without quota: {unquoted.map(([k, n]) => `${k} ${String(n)}`).join(', ')}</p>
        )}
      </section>
      <section aria-labelledby="ov-conditions">
        <h3 id="ov-conditions">Conditions</h3>
        <div class="table-wrap">
          <ConditionList conditions={object.status?.conditions} />
        </div>
      </section>
      <section aria-labelledby="ov-billing">
        <h3 id="ov-billing">Billing</h3>
        <BillingSummary org={object} />
      </section>
      <section aria-labelledby="ov-events">
        <h3 id="ov-events">Events</h3>
        <OrgEvents org={org} />
      </section>
    </div>
  );
}
