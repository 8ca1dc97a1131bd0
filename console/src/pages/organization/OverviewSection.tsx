/** The organization's Overview tab: conditions, events, billing customer IDs and their sync state, quota usage. */
import type { JSX } from 'preact';
import type { SectionProps } from './section';

export function OverviewSection({ org }: SectionProps): JSX.Element {
  return <p class="muted">Overview of {org}: not built yet.</p>;
}
