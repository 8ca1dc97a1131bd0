/** The session-expired signal: any 401 calls sessionExpired(); the app listens to go to sign-in. */
export const EXPIRED_MESSAGE = 'Your session has expired; sign in again';

const listeners = new Set<() => void>();

/** Call `fn` when a request finds the session gone; returns the unsubscribe. */
export function onSessionExpired(fn: () => void): () => void {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

export function sessionExpired(): void {
  for (const fn of listeners) fn();
}
