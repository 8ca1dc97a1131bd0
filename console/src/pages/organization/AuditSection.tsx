/**
 * The organization's Audit tab: its AuditEvents newest first, a page at a time (limit/continue,
 * hour by hour; see members/audit.ts), new ones arriving live at the top of the first page;
 * denials marked "Denied"; filters: denials only, one user.
 */
import type { JSX } from 'preact';
import { useState } from 'preact/hooks';
import { ErrorBanner } from '../../components/ErrorBanner';
import { AuditTable } from '../members/AuditTable';
import { useAuditPages } from '../members/useAuditPages';
import type { SectionProps } from './section';

export function AuditSection({ org }: SectionProps): JSX.Element {
  const [deniedOnly, setDeniedOnly] = useState(false);
  const [user, setUser] = useState('');
  const [typed, setTyped] = useState('');
  const audit = useAuditPages(org, { deniedOnly, user });
  const from = audit.hour !== undefined ? `, ${audit.hour.replace('T', ' ')}:00 UTC hour` : '';

  return (
    <div class="audit">
      <form
        class="audit-filters"
        aria-label="Audit filters"
        onSubmit={(e) => {
          e.preventDefault();
          setUser(typed.trim());
        }}
      >
        <div class="audit-filter">
          <input
            id="audit-denied-only"
            type="checkbox"
            checked={deniedOnly}
            onChange={(e) => {
              setDeniedOnly(e.currentTarget.checked);
            }}
          />
          <label for="audit-denied-only">Denials only</label>
        </div>
        <div class="audit-filter">
          <label for="audit-user">User</label>
          <input
            id="audit-user"
            value={typed}
            autoComplete="off"
            onInput={(e) => {
              setTyped(e.currentTarget.value);
            }}
          />
        </div>
        <button type="submit">Apply filter</button>
      </form>
      <ErrorBanner error={audit.error} />
      {audit.loading ? (
        <p role="status">Loading audit events…</p>
      ) : audit.items.length === 0 ? (
        <p>No audit events{deniedOnly || user !== '' ? ' match the filter' : ''}.</p>
      ) : (
        <AuditTable events={audit.items} caption={`Audit events, page ${String(audit.page + 1)}${from}`} />
      )}
      <nav class="pager" aria-label="Audit pages">
        <button type="button" disabled={audit.newer === undefined} onClick={audit.newer}>
          Newer events
        </button>
        <button type="button" disabled={audit.older === undefined} onClick={audit.older}>
          Older events
        </button>
      </nav>
    </div>
  );
}
