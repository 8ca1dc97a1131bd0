/**
 * Sign-in: a service account's username and password (POST /login's check), or a pasted bearer
 * token. Each form has its own "Sign in" button; the server's refusal is shown as it said it.
 */
import type { JSX } from 'preact';
import { useState } from 'preact/hooks';
import { signIn, type Credentials, type Session } from '../api/session';
import { ErrorBanner } from '../components/ErrorBanner';

export interface SignInProps {
  readonly onSignedIn: (s: Session) => void;
  /** why the user is here again, e.g. the session expired */
  readonly message?: string | undefined;
}

export function SignIn({ onSignedIn, message }: SignInProps): JSX.Element {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [token, setToken] = useState('');
  const [error, setError] = useState<unknown>(undefined);
  const [busy, setBusy] = useState(false);

  const submit = async (e: Event, credentials: Credentials): Promise<void> => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const session = await signIn(credentials);
      setPassword('');
      setToken('');
      onSignedIn(session);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <main id="main" class="sign-in">
      <h1>Sign in to orgplane</h1>
      {message && (
        <p class="notice" role="status">
          {message}
        </p>
      )}
      <ErrorBanner error={error} />
      <form aria-labelledby="password-heading" onSubmit={(e) => void submit(e, { username, password })}>
        <h2 id="password-heading">With a password</h2>
        <label for="username">Username</label>
        <input
          id="username"
          name="username"
          autocomplete="username"
          required
          value={username}
          onInput={(e) => {
            setUsername(e.currentTarget.value);
          }}
        />
        <label for="password">Password</label>
        <input
          id="password"
          name="password"
          type="password"
          autocomplete="current-password"
          required
          value={password}
          onInput={(e) => {
            setPassword(e.currentTarget.value);
          }}
        />
        <button type="submit" disabled={busy}>
          Sign in
        </button>
      </form>
      <form aria-labelledby="token-heading" onSubmit={(e) => void submit(e, { token })}>
        <h2 id="token-heading">With a token</h2>
        <label for="token">Token</label>
        <textarea
          id="token"
          name="token"
          rows={3}
          required
          autocomplete="off"
          spellcheck={false}
          value={token}
          onInput={(e) => {
            setToken(e.currentTarget.value);
          }}
        />
        <button type="submit" disabled={busy}>
          Sign in
        </button>
      </form>
    </main>
  );
}
