/** The organization page's heading: display name, status, plan; suspend and resume when allowed. */
import type { JSX } from 'preact';
import { useCan } from '../../api/can';
import { ErrorBanner } from '../../components/ErrorBanner';
import { organizationStatus } from '../organization-status';
import type { SectionProps } from './section';
import { useOrganization } from './org-live';
import { SuspendControl } from './org-suspend';

const badgeClass = (status: string): string =>
  status === 'Ready' ? 'ok' : status === 'Suspended' || status === 'Terminating' ? 'danger' : 'warning';

export function OrganizationHeader({ org }: SectionProps): JSX.Element {
  const { object, error, notFound } = useOrganization(org);
  const canPatch = useCan('patch', 'organizations.orgplane.io', '', org);
  const status = object ? organizationStatus(object) : undefined;
  return (
    <header class="org-header">
      <div class="org-title">
        <h1 id="organization-heading">{object?.spec?.displayName ?? org}</h1>
        {status !== undefined && (
          <span class={`badge badge-${badgeClass(status)}`} data-testid="org-status">
            {status}
          </span>
        )}
      </div>
      <p class="org-facts">
        <span>
          Name: <code>{org}</code>
        </span>
        <span>Plan: {object?.spec?.plan ?? 'none'}</span>
      </p>
      {notFound && <p role="status">No organization named {org}.</p>}
      <ErrorBanner error={error} />
      {object && canPatch === true && (
        <SuspendControl org={org} suspended={object.spec?.suspended === true} />
      )}
    </header>
  );
}
