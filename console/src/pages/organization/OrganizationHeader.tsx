/** The organization page's heading: display name, status, plan; suspend and resume when allowed. */
import type { JSX } from 'preact';
import type { SectionProps } from './section';

export function OrganizationHeader({ org }: SectionProps): JSX.Element {
  return <h1 id="organization-heading">Organization {org}</h1>;
}
