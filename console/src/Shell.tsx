/** The signed-in layout: header (user, Sign out), navigation, and the main region with the pages' router. */
import type { JSX } from 'preact';
import { Route, Router } from 'preact-iso';
import type { Session } from './api/session';
import { pages } from './api/paths';
import { AgentPage } from './pages/Agent';
import { NotFoundPage } from './pages/NotFound';
import { OrganizationPage } from './pages/Organization';
import { OrganizationsPage } from './pages/Organizations';

/** After a navigation, focus moves to the new page (screen readers announce it; Tab starts there). */
function focusMain(): void {
  document.getElementById('main')?.focus();
}

export interface ShellProps {
  readonly session: Session;
  readonly onSignOut: () => void;
}

export function Shell({ session, onSignOut }: ShellProps): JSX.Element {
  return (
    <>
      <a class="skip-link" href="#main">
        Skip to content
      </a>
      <header class="app-header">
        <a class="brand" href={pages.organizations()}>
          orgplane console
        </a>
        <span class="user">
          Signed in as <strong data-testid="signed-in-user">{session.username}</strong>
        </span>
        <button type="button" onClick={onSignOut}>
          Sign out
        </button>
      </header>
      <nav class="app-nav" aria-label="Main">
        <ul>
          <li>
            <a href={pages.organizations()}>Organizations</a>
          </li>
        </ul>
      </nav>
      <main id="main" tabIndex={-1}>
        <Router onRouteChange={focusMain}>
          <Route path="/console/" component={OrganizationsPage} />
          <Route path="/console/organizations/:name" component={OrganizationPage} />
          <Route path="/console/organizations/:name/agents/:ns/:agent" component={AgentPage} />
          <Route default component={NotFoundPage} />
        </Router>
      </main>
    </>
  );
}
