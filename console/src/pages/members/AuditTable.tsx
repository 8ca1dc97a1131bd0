/** Audit events as rows: time, user, verb, object, response code; denials marked with an icon and "Denied". */
import type { JSX } from 'preact';
import { isDenied, objectText } from './audit';
import type { AuditEvent } from './types';

function Time({ at }: { readonly at: string | undefined }): JSX.Element {
  if (at === undefined) return <span>-</span>;
  const d = new Date(at);
  return (
    <time dateTime={at} title={d.toLocaleString()}>
      {d.toISOString().slice(0, 10)} {d.toISOString().slice(11, 19)}
    </time>
  );
}

function Code({ event }: { readonly event: AuditEvent }): JSX.Element {
  const code = event.responseStatus?.code;
  if (!isDenied(event)) return <span>{code ?? '-'}</span>;
  return (
    <span class="audit-denied-label">
      <svg
        class="denied-icon"
        viewBox="0 0 16 16"
        width="16"
        height="16"
        aria-hidden="true"
        focusable="false"
      >
        <circle cx="8" cy="8" r="7" fill="none" stroke="currentColor" stroke-width="2" />
        <path d="M3.5 12.5l9-9" stroke="currentColor" stroke-width="2" />
      </svg>{' '}
      {code} Denied
    </span>
  );
}

export function AuditTable({
  events,
  caption,
}: {
  readonly events: readonly AuditEvent[];
  readonly caption: string;
}): JSX.Element {
  return (
    <div class="table-wrap">
      <table class="table audit-table">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Time (UTC)</th>
            <th scope="col">User</th>
            <th scope="col">Verb</th>
            <th scope="col">Resource</th>
            <th scope="col">Code</th>
          </tr>
        </thead>
        <tbody>
          {events.map((e) => (
            <tr
              key={e.metadata.name}
              class={isDenied(e) ? 'audit-denied' : undefined}
              title={e.responseStatus?.message}
            >
              <th scope="row">
                <Time at={e.requestReceivedTimestamp} />
              </th>
              <td data-label="User">{e.user.username ?? '-'}</td>
              <td data-label="Verb">{e.verb}</td>
              <td data-label="Resource">{objectText(e)}</td>
              <td data-label="Code">
                <Code event={e} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
