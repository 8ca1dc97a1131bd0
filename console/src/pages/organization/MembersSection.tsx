/** The organization's Members tab: role bindings (direct and inherited) and groups: who has which role where, and why; add and remove. */
import type { JSX } from 'preact';
import type { SectionProps } from './section';

export function MembersSection({ org }: SectionProps): JSX.Element {
  return <p class="muted">Members of {org}: not built yet.</p>;
}
