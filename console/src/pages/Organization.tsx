/** One organization (built by a later helper: conditions, billing, tree, members, agents, activity, audit). */
import type { JSX } from 'preact';
export function OrganizationPage({ name }: { readonly name?: string }): JSX.Element {
  return (
    <section aria-labelledby="organization-heading">
      <h1 id="organization-heading">Organization {name}</h1>
      <p class="muted">This page is not built yet.</p>
    </section>
  );
}
