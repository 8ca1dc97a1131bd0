import type { JSX } from 'preact';
import { pages } from '../api/paths';

export function NotFoundPage(): JSX.Element {
  return (
    <section aria-labelledby="notfound-heading">
      <h1 id="notfound-heading">Page not found</h1>
      <p>
        <a href={pages.organizations()}>Back to the organizations</a>
      </p>
    </section>
  );
}
