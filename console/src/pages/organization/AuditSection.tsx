/** The organization's Audit tab: AuditEvents: who did what, denials highlighted, paged. */
import type { JSX } from 'preact';
import type { SectionProps } from './section';

export function AuditSection({ org }: SectionProps): JSX.Element {
  return <p class="muted">Audit of {org}: not built yet.</p>;
}
