/**
 * The organization's Activity tab: requests per day (last 14 UTC days) from the Organization's
 * activity subresource, as an SVG bar chart with the same numbers in a table. Read again whenever
 * the Organization object changes (its status.requests is rewritten as requests are served), so it
 * follows the watch without a polling timer.
 */
import type { JSX } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { ORGANIZATIONS, resourcePath } from '../../api/paths';
import { request } from '../../api/request';
import { ErrorBanner } from '../../components/ErrorBanner';
import type { SectionProps } from './section';
import { ActivityChart, ActivityTable } from './org-activity-chart';
import { useOrganization } from './org-live';
import type { OrganizationActivity } from './org-types';

const DAYS = 14;

export function ActivitySection({ org }: SectionProps): JSX.Element {
  const { object } = useOrganization(org);
  const version = object?.metadata.resourceVersion;
  const [activity, setActivity] = useState<OrganizationActivity | undefined>(undefined);
  const [failure, setFailure] = useState<unknown>(undefined);
  useEffect(() => {
    if (version === undefined) return undefined;
    const abort = new AbortController();
    const path = `${resourcePath(ORGANIZATIONS, { name: org, subresource: 'activity' })}?days=${String(DAYS)}`;
    request<OrganizationActivity>(path, { signal: abort.signal }).then(
      (a) => {
        setActivity(a);
        setFailure(undefined);
      },
      (err: unknown) => {
        if (!abort.signal.aborted) setFailure(err);
      },
    );
    return () => {
      abort.abort();
    };
  }, [org, version]);
  return (
    <div class="activity">
      <ErrorBanner error={failure} />
      {activity === undefined ? (
        failure === undefined && <p role="status">Loading activity…</p>
      ) : (
        <>
          <ActivityChart days={activity.days} />
          <ActivityTable days={activity.days} />
        </>
      )}
    </div>
  );
}
