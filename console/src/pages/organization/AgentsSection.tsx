/** The organization's Agents tab: agents table (status, age, filter by label and team, paged); create and delete agents. */
import type { JSX } from 'preact';
import type { SectionProps } from './section';

export function AgentsSection({ org }: SectionProps): JSX.Element {
  return <p class="muted">Agents of {org}: not built yet.</p>;
}
