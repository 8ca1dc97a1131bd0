/** The organization's Secrets tab: Secrets and their key names; set a value without ever showing the stored one. */
import type { JSX } from 'preact';
import type { SectionProps } from './section';

export function SecretsSection({ org }: SectionProps): JSX.Element {
  return <p class="muted">Secrets of {org}: not built yet.</p>;
}
