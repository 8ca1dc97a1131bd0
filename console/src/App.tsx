/**
 * The console: asks the server for the session, shows sign-in or the signed-in shell, and goes
 * back to sign-in (with EXPIRED_MESSAGE) when any call answers 401 or the session's token expires.
 */
import type { JSX } from 'preact';
import { LocationProvider } from 'preact-iso';
import { useEffect, useState } from 'preact/hooks';
import { forgetAccess } from './api/can';
import { EXPIRED_MESSAGE, onSessionExpired, sessionExpired } from './api/expiry';
import { currentSession, signOut, type Session } from './api/session';
import { ErrorBanner } from './components/ErrorBanner';
import { SignIn } from './pages/SignIn';
import { Shell } from './Shell';

type State =
  | { readonly kind: 'loading' }
  | { readonly kind: 'failed'; readonly error: unknown }
  | { readonly kind: 'signedOut'; readonly message?: string }
  | { readonly kind: 'signedIn'; readonly session: Session };

export function App(): JSX.Element {
  const [state, setState] = useState<State>({ kind: 'loading' });
  useEffect(() => {
    currentSession().then(
      (s) => {
        if (s === 'expired') setState({ kind: 'signedOut', message: EXPIRED_MESSAGE });
        else setState(s ? { kind: 'signedIn', session: s } : { kind: 'signedOut' });
      },
      (error: unknown) => {
        setState({ kind: 'failed', error });
      },
    );
    return onSessionExpired(() => {
      forgetAccess();
      setState((s) => (s.kind === 'signedIn' ? { kind: 'signedOut', message: EXPIRED_MESSAGE } : s));
    });
  }, []);

  // the cookie ends with the token: go back to sign-in then, not at the next failed request
  const expiresAt = state.kind === 'signedIn' ? state.session.expirationTimestamp : null;
  useEffect(() => {
    if (expiresAt === null) return undefined;
    const ms = Math.min(2 ** 31 - 1, Math.max(0, Date.parse(expiresAt) - Date.now()));
    const t = setTimeout(sessionExpired, ms);
    return () => {
      clearTimeout(t);
    };
  }, [expiresAt]);

  const leave = (): void => {
    forgetAccess();
    void signOut().finally(() => {
      setState({ kind: 'signedOut', message: 'You are signed out.' });
    });
  };

  switch (state.kind) {
    case 'loading':
      return <p role="status">Loading…</p>;
    case 'failed':
      return (
        <main id="main">
          <ErrorBanner error={state.error} />
        </main>
      );
    case 'signedOut':
      return (
        <SignIn
          message={state.message}
          onSignedIn={(session) => {
            setState({ kind: 'signedIn', session });
          }}
        />
      );
    case 'signedIn':
      return (
        <LocationProvider>
          <Shell session={state.session} onSignOut={leave} />
        </LocationProvider>
      );
  }
}
