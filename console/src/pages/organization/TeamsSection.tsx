/** The organization's Teams tab: the tree of departments and teams (expand, collapse, usage per team); create and move a team. */
import type { JSX } from 'preact';
import type { SectionProps } from './section';

export function TeamsSection({ org }: SectionProps): JSX.Element {
  return <p class="muted">Teams of {org}: not built yet.</p>;
}
