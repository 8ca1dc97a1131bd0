/** The organization's Activity tab: requests per day as a chart, from the activity subresource. */
import type { JSX } from 'preact';
import type { SectionProps } from './section';

export function ActivitySection({ org }: SectionProps): JSX.Element {
  return <p class="muted">Activity of {org}: not built yet.</p>;
}
