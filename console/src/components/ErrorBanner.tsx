/** A failed request as the server said it: the Status message and its field causes. */
import type { JSX } from 'preact';
import { ApiRequestError } from '../api/errors';

export function ErrorBanner({ error }: { readonly error: unknown }): JSX.Element | null {
  if (error === undefined || error === null) return null;
  const message =
    error instanceof Error ? error.message : typeof error === 'string' ? error : 'request failed';
  const causes = error instanceof ApiRequestError ? (error.status.details?.causes ?? []) : [];
  return (
    <div class="error-banner" role="alert">
      <p>{message}</p>
      {causes.length > 0 && (
        <ul>
          {causes.map((c, i) => (
            <li key={i}>
              {c.field ? <code>{c.field}</code> : null} {c.message ?? c.reason ?? ''}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
